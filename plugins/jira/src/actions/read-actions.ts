import { ok, type ActionDefinition, type ActionResult } from '@relayflow/sdk';
import { fetchFields, type FieldsById, type IssueType } from '../client/createmeta';
import { getIssue } from '../client/issues';
import { resolveIssueType, type IssueTypeCache } from '../client/issue-type-cache';
import { JiraClient } from '../client/jira-client';
import { unexpectedResponse } from '../client/jira-errors';
import { jqlString, jqlTextPhrase } from '../client/jql';
import {
  FieldsByIssueTypeParams, GetFieldsParams, GetIncidentParams, IssueParams, IssuesParams, IssueTypesParams,
} from '../schema/action-params';
import type { JiraConfig, JiraSecrets } from '../schema/jira-settings';

type Action<P> = ActionDefinition<P, JiraConfig, JiraSecrets>;

/** `getIncident`: `{ id, key, url, ...fields }` of one issue (Kibana's shape plus `url`). */
export const getIncidentAction: Action<GetIncidentParams> = {
  params: GetIncidentParams,
  description: 'Get one issue with all its fields',
  async execute(ctx): Promise<ActionResult> {
    const client = new JiraClient(ctx);
    const issue = await getIssue(client, ctx.params.externalId, `Unable to get Jira issue ${ctx.params.externalId}`);
    if (!issue.ok) return issue.error;
    const { id, key, fields } = issue.value;
    return ok({ id, key, url: client.browseUrl(key), ...fields });
  },
};

/** `issue`: `{ id, key, title }` of one issue. */
export const issueAction: Action<IssueParams> = {
  params: IssueParams,
  description: 'Get one issue\'s id, key and summary',
  async execute(ctx): Promise<ActionResult> {
    const client = new JiraClient(ctx);
    const issue = await getIssue(client, ctx.params.id, `Unable to get Jira issue ${ctx.params.id}`, 'summary');
    if (!issue.ok) return issue.error;
    return ok({ id: issue.value.id, key: issue.value.key, title: typeof issue.value.fields.summary === 'string' ? issue.value.fields.summary : null });
  },
};

/** `issues`: `[{ id, key, title }]` of the project's issues whose summary matches `title`. */
export const issuesAction: Action<IssuesParams> = {
  params: IssuesParams,
  description: 'Search the project\'s issues by summary text',
  async execute(ctx): Promise<ActionResult> {
    const client = new JiraClient(ctx);
    const projectKey = client.projectKey(ctx.params.projectKey);
    const jql = `project = ${jqlString(projectKey)} AND summary ~ ${jqlTextPhrase(ctx.params.title)}`;
    // Jira Cloud removed /search (410) for /search/jql; Data Center only has /search.
    const path = client.deployment === 'cloud' ? '/rest/api/2/search/jql' : '/rest/api/2/search';
    const operation = `Unable to search issues in Jira project ${projectKey}`;
    const res = await client.call<{ issues?: unknown }>(operation, { path, params: { jql, fields: 'summary', maxResults: ctx.params.maxResults } });
    if (!res.ok) return res.error;
    const issues = res.value.data?.issues;
    if (!Array.isArray(issues)) return unexpectedResponse(operation, res.value, 'its body has no "issues" list');
    return ok(issues.map((i: { id?: unknown; key?: unknown; fields?: { summary?: unknown } }) => ({
      id: String(i?.id ?? ''), key: String(i?.key ?? ''), title: typeof i?.fields?.summary === 'string' ? i.fields.summary : null,
    })));
  },
};

/** Builds the metadata actions, which share the connector's issue-type cache. */
export function metadataActions(cache: IssueTypeCache): {
  issueTypes: Action<IssueTypesParams>;
  fieldsByIssueType: Action<FieldsByIssueTypeParams>;
  getFields: Action<GetFieldsParams>;
} {
  return {
    issueTypes: {
      params: IssueTypesParams,
      description: 'List the issue types the project can create: [{ id, name }]',
      async execute(ctx): Promise<ActionResult> {
        const client = new JiraClient(ctx);
        const types = await cache.get(client, client.projectKey(ctx.params.projectKey), { fresh: true });
        return types.ok ? ok(types.value) : types.error;
      },
    },
    fieldsByIssueType: {
      params: FieldsByIssueTypeParams,
      description: 'The create-screen fields of one issue type (id or name), by field id',
      async execute(ctx): Promise<ActionResult> {
        const client = new JiraClient(ctx);
        const projectKey = client.projectKey(ctx.params.projectKey);
        const type = await resolveIssueType(cache, client, projectKey, ctx.params.id);
        if (!type.ok) return type.error;
        const fields = await fetchFields(client, projectKey, type.value);
        return fields.ok ? ok(fields.value) : fields.error;
      },
    },
    getFields: {
      params: GetFieldsParams,
      description: 'The fields every issue type of the project has (values from the first type)',
      async execute(ctx): Promise<ActionResult> {
        const client = new JiraClient(ctx);
        const projectKey = client.projectKey(ctx.params.projectKey);
        const types = await cache.get(client, projectKey);
        if (!types.ok) return types.error;
        const all = await Promise.all(types.value.map((t: IssueType) => fetchFields(client, projectKey, t)));
        const failed = all.find((f) => !f.ok);
        if (failed && !failed.ok) return failed.error;
        return ok(commonFields(all.map((f) => (f.ok ? f.value : {}))));
      },
    },
  };
}

/** The fields present in every issue type, with the first type's details. */
export function commonFields(perType: FieldsById[]): FieldsById {
  if (perType.length === 0) return {};
  const [first, ...rest] = perType;
  const out: FieldsById = {};
  for (const [id, info] of Object.entries(first)) if (rest.every((f) => id in f)) out[id] = info;
  return out;
}
