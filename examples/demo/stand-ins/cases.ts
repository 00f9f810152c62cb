import { startStandIn, type RecordedRequest, type StandIn, type StandInReply } from '@relayflow/sdk/testing';

/** Basic-auth credentials the stand-in accepts (demo only). */
export const CASES_DEMO_USER = 'demo-user';
export const CASES_DEMO_PASSWORD = 'demo-password-not-secret';

interface Issue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: Array<{ id: string; body: unknown; created: string }>;
}

/**
 * A Jira-like case system on 127.0.0.1 for the demo: the REST calls the `cases-webhook`
 * connector makes against Jira, behind basic auth.
 *
 * - `POST /rest/api/2/issue` `{ fields: { summary, ... } }` → 201 `{ id, key, self }`
 * - `GET /rest/api/2/issue/{idOrKey}` → `{ id, key, fields }`
 * - `PUT /rest/api/2/issue/{idOrKey}` `{ fields }` → 204
 * - `POST /rest/api/2/issue/{idOrKey}/comment` `{ body }` → 201 `{ id, body, created }`
 * - `GET /browse/{key}` → a tiny HTML page (the view URL)
 */
export async function startCasesStandIn(): Promise<StandIn> {
  const issues = new Map<string, Issue>();
  let next = 10001;
  const expected = `Basic ${Buffer.from(`${CASES_DEMO_USER}:${CASES_DEMO_PASSWORD}`).toString('base64')}`;
  const find = (idOrKey: string): Issue | undefined => issues.get(idOrKey) ?? [...issues.values()].find((i) => i.key === idOrKey);

  return startStandIn((req: RecordedRequest): StandInReply | undefined => {
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'browse' && req.method === 'GET') {
      const issue = find(parts[1] ?? '');
      return issue
        ? { headers: { 'content-type': 'text/html' }, body: `<h1>${issue.key}</h1>` }
        : { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not found</h1>' };
    }
    if (parts.slice(0, 4).join('/') !== 'rest/api/2/issue') return undefined;
    if (req.headers.authorization !== expected) return { status: 401, body: { errorMessages: ['You are not authenticated.'] } };
    if (parts.length === 4 && req.method === 'POST') {
      const fields = (req.json as { fields?: Record<string, unknown> } | undefined)?.fields;
      if (!fields || typeof fields.summary !== 'string' || fields.summary === '') {
        return { status: 400, body: { errors: { summary: 'You must specify a summary of the issue.' } } };
      }
      const id = String(next++);
      const issue: Issue = { id, key: `SEC-${Number(id) - 10000}`, fields: { ...fields, status: { name: 'Open' } }, comments: [] };
      issues.set(id, issue);
      return { status: 201, body: { id, key: issue.key, self: `/rest/api/2/issue/${id}` } };
    }
    const issue = find(parts[4] ?? '');
    if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    if (parts.length === 5 && req.method === 'GET') {
      return { body: { id: issue.id, key: issue.key, fields: { ...issue.fields, comment: { comments: issue.comments, total: issue.comments.length } } } };
    }
    if (parts.length === 5 && req.method === 'PUT') {
      Object.assign(issue.fields, (req.json as { fields?: object } | undefined)?.fields ?? {});
      return { status: 204 };
    }
    if (parts.length === 6 && parts[5] === 'comment' && req.method === 'POST') {
      const body = (req.json as { body?: unknown } | undefined)?.body;
      if (typeof body !== 'string' || body === '') return { status: 400, body: { errors: { comment: 'Comment body can not be empty!' } } };
      const comment = { id: String(issue.comments.length + 1), body, created: new Date().toISOString() };
      issue.comments.push(comment);
      return { status: 201, body: comment };
    }
    return undefined;
  });
}

/**
 * The `cases-webhook` connector the demo workflow `cases-open-and-comment.yaml` uses
 * (`connector-id: demo-cases`), pointing at a started stand-in. Pass it to `connectors.create`.
 */
export function casesDemoConnector(standIn: Pick<StandIn, 'url'>): { type: string; name: string; config: Record<string, unknown>; secrets: Record<string, unknown> } {
  const api = `${standIn.url}/rest/api/2/issue`;
  return {
    type: 'cases-webhook',
    name: 'demo-cases',
    config: {
      createIncidentUrl: api,
      createIncidentMethod: 'post',
      createIncidentJson: '{"fields":{"project":{"key":"SEC"},"issuetype":{"name":"Task"},"summary":"[Relayflow] {{case.title}}","description":{{{case.description}}},"labels":{{{case.tags}}}{{#case.severity}},"priority":{"name":"{{case.severity}}"}{{/case.severity}}}}',
      createIncidentResponseKey: 'id',
      getIncidentUrl: `${api}/{{{external.system.id}}}`,
      getIncidentResponseExternalTitleKey: 'key',
      viewIncidentUrl: `${standIn.url}/browse/{{{external.system.title}}}`,
      updateIncidentUrl: `${api}/{{{external.system.id}}}`,
      updateIncidentMethod: 'put',
      updateIncidentJson: '{"fields":{"summary":"[Relayflow] {{case.title}}"{{#case.description}},"description":{{{case.description}}}{{/case.description}}}}',
      createCommentUrl: `${api}/{{{external.system.id}}}/comment`,
      createCommentMethod: 'post',
      createCommentJson: '{"body":{{{case.comment}}}}',
      hasAuth: true,
      authType: 'basic',
    },
    secrets: { user: CASES_DEMO_USER, password: CASES_DEMO_PASSWORD },
  };
}
