import type { RecordedRequest, StandInHandler, StandInReply } from '@relayflow/sdk/testing';

/** An issue kept by {@link jiraLike}. */
export interface StandInIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: Array<{ id: string; body: unknown }>;
}

/**
 * A small Jira-like case system for tests: create issue (POST /rest/api/2/issue), get issue
 * (GET /rest/api/2/issue/ID_OR_KEY), update issue (PUT, 204), add comment
 * (POST /rest/api/2/issue/ID_OR_KEY/comment). `override` can answer any request first.
 */
export function jiraLike(override?: (req: RecordedRequest) => StandInReply | undefined): { handler: StandInHandler; issues: Map<string, StandInIssue> } {
  const issues = new Map<string, StandInIssue>();
  let next = 10001;
  const find = (idOrKey: string): StandInIssue | undefined => issues.get(idOrKey) ?? [...issues.values()].find((i) => i.key === idOrKey);
  const handler: StandInHandler = (req) => {
    const forced = override?.(req);
    if (forced) return forced;
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'rest' || parts[3] !== 'issue') return undefined;
    if (req.method === 'POST' && parts.length === 4) {
      const body = req.json as { fields?: Record<string, unknown> } | undefined;
      if (!body?.fields) return { status: 400, body: { errorMessages: ['fields is required'] } };
      const id = String(next++);
      const issue = { id, key: `CASE-${Number(id) - 10000}`, fields: body.fields, comments: [] };
      issues.set(id, issue);
      return { status: 201, body: { id, key: issue.key, self: `/rest/api/2/issue/${id}` } };
    }
    const issue = find(parts[4] ?? '');
    if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    if (parts.length === 5 && req.method === 'GET') return { body: { id: issue.id, key: issue.key, fields: issue.fields } };
    if (parts.length === 5 && req.method === 'PUT') {
      Object.assign(issue.fields, (req.json as { fields?: object } | undefined)?.fields ?? {});
      return { status: 204 };
    }
    if (parts.length === 6 && parts[5] === 'comment' && req.method === 'POST') {
      const comment = { id: String(issue.comments.length + 1), body: (req.json as { body?: unknown } | undefined)?.body };
      issue.comments.push(comment);
      return { status: 201, body: comment };
    }
    return undefined;
  };
  return { handler, issues };
}

/** A Jira-style cases-webhook config for a stand-in at `base`. */
export function jiraConfig(base: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    createIncidentUrl: `${base}/rest/api/2/issue`,
    createIncidentMethod: 'post',
    createIncidentJson: '{"fields":{"summary":{{{case.title}}},"description":{{{case.description}}},"labels":{{{case.tags}}},"project":{"key":"CASE"},"issuetype":{"name":"Task"}}}',
    createIncidentResponseKey: 'id',
    getIncidentUrl: `${base}/rest/api/2/issue/{{{external.system.id}}}`,
    getIncidentResponseExternalTitleKey: 'key',
    viewIncidentUrl: `${base}/browse/{{{external.system.title}}}`,
    updateIncidentUrl: `${base}/rest/api/2/issue/{{{external.system.id}}}`,
    updateIncidentMethod: 'put',
    updateIncidentJson: '{"fields":{"summary":{{{case.title}}},"description":{{{case.description}}},"labels":{{{case.tags}}}}}',
    createCommentUrl: `${base}/rest/api/2/issue/{{{external.system.id}}}/comment`,
    createCommentMethod: 'post',
    createCommentJson: '{"body":{{{case.comment}}}}',
    hasAuth: false,
    ...overrides,
  };
}
