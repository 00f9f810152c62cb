import { error, ok, type ActionDefinition, type ActionResult, type Logger } from '@relayflow/sdk';
import { JiraClient, seg, type Outcome } from '../client/jira-client';
import { unexpectedResponse } from '../client/jira-errors';
import { asIssue, getIssue, isoDate, type JiraIssue } from '../client/issues';
import type { IssueType } from '../client/createmeta';
import { firstIssueType, resolveIssueType, type IssueTypeCache } from '../client/issue-type-cache';
import type { JiraConfig, JiraSecrets } from '../schema/jira-settings';
import { issueFields, toPushInput, type PushInput } from '../schema/push-input';
import { PushToServiceParams, type PushComment } from '../schema/push-to-service-params';

/** A comment added by a push. */
export interface PushedComment {
  /** The caller's id for the comment, when it gave one. */
  commentId?: string;
  /** Jira's id of the new comment. */
  externalCommentId: string;
  pushedDate: string;
}

/** What `pushToService` returns. */
export interface PushResult {
  id: string;
  key: string;
  /** `{apiUrl}/browse/{key}`. */
  url: string;
  /** When Jira created (or, for an update, last updated) the issue, ISO-8601. */
  pushedDate: string;
  comments: PushedComment[];
  /** Present when a create gave no issue type: the one used, the project's first (as Kibana does). */
  issueType?: { id: string; name: string; defaulted: true };
  /** What the caller should know about this push (e.g. which issue type was chosen for it). */
  warnings?: string[];
}

/**
 * `pushToService`: creates an issue, or updates the one `externalId` names, then adds the
 * comments in order. An issue type given by name is resolved through the project's createmeta
 * (cached per connector and project).
 */
export function pushToServiceAction(cache: IssueTypeCache): ActionDefinition<PushToServiceParams, JiraConfig, JiraSecrets> {
  return {
    params: PushToServiceParams,
    description: 'Create an issue (or update the one externalId names) and add comments',
    async execute(ctx): Promise<ActionResult> {
      const client = new JiraClient(ctx);
      const input = toPushInput(ctx.params, ctx.config.projectKey);
      // Refuse an id no URL can carry (`.`, `..`) before anything is sent, the issue-type lookup included.
      if (input.externalId !== undefined) seg(input.externalId, 'externalId');
      let issueTypeId: string | undefined;
      let defaulted: IssueType | undefined;
      if (input.issueType !== undefined) {
        const type = await resolveIssueType(cache, client, input.projectKey, input.issueType);
        if (!type.ok) return type.error;
        issueTypeId = type.value.id;
      } else if (input.externalId === undefined) {
        const first = await firstIssueType(cache, client, input.projectKey);
        if (!first.ok) return first.error;
        defaulted = first.value;
        issueTypeId = defaulted.id;
      }
      const pushed = input.externalId === undefined
        ? await createIssue(client, input, issueTypeId, ctx.logger)
        : await updateIssue(client, input, input.externalId, issueTypeId);
      if (!pushed.ok) return pushed.error;
      const result: PushResult = { ...pushed.value, comments: [] };
      if (defaulted) {
        const warning = `issueType was not given: ${result.key} was created as "${defaulted.name}" (${defaulted.id}), the first issue type of project ${input.projectKey}; give issueType to choose`;
        ctx.logger.warn(`jira: ${warning}`);
        result.issueType = { id: defaulted.id, name: defaulted.name, defaulted: true };
        result.warnings = [warning];
      }
      for (const [i, comment] of input.comments.entries()) {
        const added = await addComment(client, result.key, comment);
        if (!added.ok) {
          // The issue exists now: retrying the step would push it (and earlier comments) again.
          const done = result.comments.length ? ` (comments added: ${result.comments.length})` : '';
          return error({
            message: `issue ${result.key} (${result.url}) was ${input.externalId === undefined ? 'created' : 'updated'}, but adding comment ${i + 1} of ${input.comments.length} failed${done}: ${added.error.message}`,
            serviceMessage: added.error.serviceMessage,
            retry: false,
            details: { ...added.error.details, issue: result },
          });
        }
        result.comments.push(added.value);
      }
      return ok(result);
    },
  };
}

async function createIssue(client: JiraClient, input: PushInput, issueTypeId: string | undefined, logger: Logger): Promise<Outcome<Omit<PushResult, 'comments'>>> {
  const operation = `Unable to create an issue in Jira project ${input.projectKey}`;
  const res = await client.call<unknown>(operation, { method: 'POST', path: '/rest/api/2/issue', data: { fields: issueFields(input, issueTypeId, 'create') } });
  if (!res.ok) return res;
  const created = asIssue(operation, res.value);
  if (!created.ok) return created;
  const { id, key } = created.value;
  // The create answer has no timestamp: read Jira's own `created`. The issue exists either way.
  const read = await getIssue(client, id, `Unable to read back the new issue ${key}`, 'created');
  let pushedDate = read.ok ? isoDate(read.value.fields.created) : undefined;
  if (!pushedDate) {
    logger.warn(`jira: could not read the creation time of ${key}; using the current time`);
    pushedDate = new Date().toISOString();
  }
  return { ok: true, value: { id, key, url: client.browseUrl(key), pushedDate } };
}

async function updateIssue(client: JiraClient, input: PushInput, externalId: string, issueTypeId: string | undefined): Promise<Outcome<Omit<PushResult, 'comments'>>> {
  const operation = `Unable to update Jira issue ${externalId}`;
  const fields = issueFields(input, issueTypeId, 'update');
  if (Object.keys(fields).length > 0) {
    const res = await client.call<unknown>(operation, { method: 'PUT', path: `/rest/api/2/issue/${seg(externalId, 'issue id or key')}`, data: { fields } });
    if (!res.ok) return res;
  }
  const read = await getIssue(client, externalId, `Unable to read back the updated issue ${externalId}`, 'created,updated');
  if (!read.ok) return read;
  return { ok: true, value: toPushed(client, read.value, 'updated') };
}

function toPushed(client: JiraClient, issue: JiraIssue, stamp: 'created' | 'updated'): Omit<PushResult, 'comments'> {
  return { id: issue.id, key: issue.key, url: client.browseUrl(issue.key), pushedDate: isoDate(issue.fields[stamp]) ?? new Date().toISOString() };
}

async function addComment(client: JiraClient, key: string, comment: PushComment): Promise<Outcome<PushedComment>> {
  const operation = `Unable to add a comment to Jira issue ${key}`;
  const res = await client.call<{ id?: unknown; created?: unknown }>(operation, { method: 'POST', path: `/rest/api/2/issue/${seg(key, 'issue key')}/comment`, data: { body: comment.comment } });
  if (!res.ok) return res;
  const id = res.value.data?.id;
  if (typeof id !== 'string' && typeof id !== 'number') return { ok: false, error: unexpectedResponse(operation, res.value, 'its body has no comment id') };
  const added: PushedComment = comment.commentId === undefined ? {} as PushedComment : { commentId: comment.commentId } as PushedComment;
  added.externalCommentId = String(id);
  added.pushedDate = isoDate(res.value.data?.created) ?? new Date().toISOString();
  return { ok: true, value: added };
}
