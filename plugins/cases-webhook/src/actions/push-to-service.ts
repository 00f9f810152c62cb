import { error, ok, type ActionContext, type ActionResult, type OAuth2TokenCache } from '@relayflow/sdk';
import { CaseClient, describeRequest, type CaseRequest } from '../http/case-client';
import { OperationFailed } from '../http/operation-failed';
import { requestAuthFor } from '../http/request-auth';
import { compiledConfigFor, type CompiledConfig } from '../settings/compiled-config';
import type { CasesWebhookConfig } from '../settings/config';
import type { CasesWebhookSecrets } from '../settings/secrets';
import { RenderError } from '../templates/request-templates';
import type { Incident, PushToServiceParams } from './params';
import { readCase, viewUrlOf } from './read-case';

/** What `pushToService` returns (Kibana's shape, with `comments` always present). */
export interface PushResult {
  id: string;
  title: string;
  url: string;
  pushedDate: string;
  comments: Array<{ commentId?: string; pushedDate: string }>;
}

/** Stands in for the case id while checking templates before the case exists. */
const PLACEHOLDER_ID = 'placeholder-id';

/**
 * Creates (no externalId) or updates (externalId) a case, reads its title back, builds its
 * view URL and adds the comments in order. Every URL and body that can be rendered before the
 * first request is rendered and checked first, so a bad template sends nothing.
 * @param tokens - the connector type's OAuth2 token cache
 */
export async function pushToService(
  ctx: ActionContext<PushToServiceParams, CasesWebhookConfig, CasesWebhookSecrets>, tokens: OAuth2TokenCache,
): Promise<ActionResult<PushResult>> {
  const config = compiledConfigFor(ctx.config);
  const incident = ctx.params.incident;
  const externalId = incident.externalId?.trim() ? incident.externalId.trim() : undefined;
  const caseView = caseFields(incident);
  const comments = (ctx.params.comments ?? []).filter((c) => c.comment.trim() !== '');
  if (comments.length && !config.comment) {
    return error({ message: `${comments.length} comment(s) given, but the connector has no createCommentUrl and createCommentJson; configure them or leave out comments (nothing was sent)` });
  }

  let first: CaseRequest;
  try {
    first = externalId ? updateRequest(config, caseView, externalId) : createRequest(config, caseView);
    // Check everything else with a placeholder id before anything is sent.
    const id = externalId ?? PLACEHOLDER_ID;
    config.get.url.render({ external: { system: { id } } });
    config.get.body?.render({ external: { system: { id } } });
    viewUrlOf(config, id, PLACEHOLDER_ID);
    for (const c of comments) commentRequest(config, caseView, id, c.comment);
  } catch (err) {
    if (err instanceof RenderError) return error({ message: err.message });
    throw err;
  }

  const client = new CaseClient(ctx.http, requestAuthFor(ctx.config, ctx.secrets), tokens, ctx.signal, ctx.logger);
  const done: { createdId?: string; comments: PushResult['comments'] } = { comments: [] };
  try {
    let id: string;
    if (externalId) {
      await client.send(`updating case ${externalId}`, first, { read: 'nothing' });
      id = externalId;
    } else {
      const res = await client.send('creating case', first, { read: 'json', keys: [{ path: config.create.idKey, field: 'createIncidentResponseKey' }] });
      const raw = config.create.idKey.get(res.data);
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        return error({ message: `error creating case (${describeRequest(first)}): "${config.create.idKey.text}" (config.createIncidentResponseKey) is ${Array.isArray(raw) ? 'an array' : typeof raw}, not an id` });
      }
      id = String(raw);
      done.createdId = id;
    }
    const { title } = await readCase(client, config, id, `reading case ${id}${externalId ? '' : ' after creating it'}`);
    const url = viewUrlOf(config, id, title);
    const pushedDate = new Date().toISOString();
    for (const [i, c] of comments.entries()) {
      const label = c.commentId ? `comment ${c.commentId}` : `comment ${i + 1} of ${comments.length}`;
      await client.send(`adding ${label} to case ${id}`, commentRequest(config, caseView, id, c.comment), { read: 'nothing' });
      done.comments.push({ ...(c.commentId ? { commentId: c.commentId } : {}), pushedDate: new Date().toISOString() });
    }
    ctx.logger.debug(`pushed case ${id} (${externalId ? 'updated' : 'created'}, ${done.comments.length} comment(s))`);
    return ok({ id, title, url, pushedDate, comments: done.comments });
  } catch (err) {
    if (err instanceof OperationFailed) return afterSideEffects(err.result, done);
    if (err instanceof RenderError) return afterSideEffects(error({ message: err.message }), done);
    throw err;
  }
}

/** Case fields with Kibana's defaults ('' and []), for templates. */
function caseFields(incident: Incident): Record<string, unknown> {
  return {
    title: incident.title,
    description: incident.description ?? '',
    tags: incident.tags ?? [],
    id: incident.id ?? '',
    severity: incident.severity ?? '',
    status: incident.status ?? '',
  };
}

function createRequest(config: CompiledConfig, caseView: Record<string, unknown>): CaseRequest {
  const view = { case: caseView };
  return { method: config.create.method, url: config.create.url.render(view), body: config.create.body.render(view) };
}

function updateRequest(config: CompiledConfig, caseView: Record<string, unknown>, id: string): CaseRequest {
  const view = { case: caseView, external: { system: { id } } };
  return { method: config.update.method, url: config.update.url.render(view), body: config.update.body.render(view) };
}

function commentRequest(config: CompiledConfig, caseView: Record<string, unknown>, id: string, comment: string): CaseRequest {
  const spec = config.comment!;
  const view = { case: { ...caseView, comment }, external: { system: { id } } };
  return { method: spec.method, url: spec.url.render(view), body: spec.body.render(view) };
}

/**
 * Once a case was created or a comment added, retrying the whole push would do it again (a
 * second case, duplicate comments): such failures are not retried, and say what was done.
 */
function afterSideEffects(result: ReturnType<typeof error>, done: { createdId?: string; comments: PushResult['comments'] }): ReturnType<typeof error> {
  if (done.createdId === undefined && done.comments.length === 0) return result;
  const notes: string[] = [];
  if (done.createdId !== undefined) notes.push(`case ${done.createdId} was created; push again with incident.externalId "${done.createdId}" to update it rather than retrying, which would create another case`);
  if (done.comments.length) notes.push(`${done.comments.length} comment(s) were already added`);
  return {
    ...result,
    message: `${result.message} (${notes.join('; ')})`,
    retry: false,
    details: { ...result.details, createdCaseId: done.createdId, pushedComments: done.comments },
  };
}
