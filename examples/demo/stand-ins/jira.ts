import { startStandIn, type RecordedRequest, type StandIn, type StandInReply } from '@relayflow/sdk/testing';

/**
 * A local stand-in for Jira (REST API v2) for `npm run demo`, on 127.0.0.1 and a free port.
 * It behaves like enough of Jira for the demo's jira connector (`apiUrl` = the stand-in's URL,
 * `projectKey: ENG`, any Cloud `email` + `apiToken` or Data Center `token`):
 *
 * - `GET /rest/api/2/issue/createmeta/{ENG|OPS}/issuetypes[/{id}]`: issue types and their fields,
 *   in Jira Cloud's shape (`issueTypes`, `fields`) for basic auth and Data Center's (`values`)
 *   for a bearer token;
 * - `POST /rest/api/2/issue`, `GET|PUT /rest/api/2/issue/{idOrKey}`,
 *   `POST /rest/api/2/issue/{idOrKey}/comment`: issues and comments, kept in memory;
 * - `GET /rest/api/2/search/jql` (and `/search`): `project = "X" AND summary ~ "text"`;
 * - `GET /rest/api/2/project/{key}`: the connector test;
 * - `GET /browse/{KEY}`: a small HTML page for the issue, so the URL the step returns opens.
 *
 * Requests without an Authorization header get Jira's 401; bad fields get Jira's 400 body
 * (`{ errorMessages, errors }`).
 */
export async function startJiraStandIn(): Promise<StandIn> {
  const jira = new DemoJira();
  const standIn = await startStandIn(() => undefined);
  standIn.handle((req) => jira.handle(req, standIn.url));
  return standIn;
}

interface Issue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: Array<{ id: string; body: string; created: string }>;
}

const TYPES = [
  { id: '10001', name: 'Task' }, { id: '10002', name: 'Bug' }, { id: '10003', name: 'Story' },
  { id: '10004', name: 'Epic' }, { id: '10005', name: 'Sub-task', subtask: true },
];
const PROJECTS: Record<string, { id: string; name: string; types: typeof TYPES }> = {
  ENG: { id: '10000', name: 'Engineering', types: TYPES },
  OPS: { id: '10010', name: 'Operations', types: TYPES.slice(0, 2) },
};
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const NO_ISSUE = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

class DemoJira {
  private readonly issues: Issue[] = [];
  private nextId = 10001;
  private nextComment = 30001;

  handle(req: RecordedRequest, base: string): StandInReply | undefined {
    const browse = /^\/browse\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && browse) return this.page(decodeURIComponent(browse[1]));
    const auth = String(req.headers.authorization ?? '');
    if (!/^(Basic|Bearer) \S+$/.test(auth)) {
      return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };
    }
    const cloud = auth.startsWith('Basic ');
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && (m = /^\/rest\/api\/2\/issue\/createmeta\/([^/]+)\/issuetypes(?:\/([^/]+))?$/.exec(req.path))) {
      const key = decodeURIComponent(m[1]);
      const project = PROJECTS[key];
      if (!project) return { status: 404, body: { errorMessages: [`No project could be found with key '${key}'.`], errors: {} } };
      if (!m[2]) return { body: { startAt: 0, maxResults: 50, total: project.types.length, isLast: true, [cloud ? 'issueTypes' : 'values']: project.types } };
      const type = project.types.find((t) => t.id === m![2]);
      if (!type) return { status: 404, body: { errorMessages: ['Issue type not found.'], errors: {} } };
      const fields = fieldsOf(type.name);
      return { body: { startAt: 0, maxResults: 50, total: fields.length, isLast: true, [cloud ? 'fields' : 'values']: fields } };
    }
    if (req.method === 'GET' && (m = /^\/rest\/api\/2\/project\/([^/]+)$/.exec(req.path))) {
      const key = decodeURIComponent(m[1]);
      const project = PROJECTS[key];
      return project ? { body: { id: project.id, key, name: project.name } } : { status: 404, body: { errorMessages: [`No project could be found with key '${key}'.`], errors: {} } };
    }
    if (req.method === 'POST' && req.path === '/rest/api/2/issue') return this.create(req, base);
    if (req.method === 'POST' && (m = /^\/rest\/api\/2\/issue\/([^/]+)\/comment$/.exec(req.path))) return this.comment(req, decodeURIComponent(m[1]));
    if ((m = /^\/rest\/api\/2\/issue\/([^/]+)$/.exec(req.path))) {
      const issue = this.find(decodeURIComponent(m[1]));
      if (!issue) return { status: 404, body: NO_ISSUE };
      if (req.method === 'GET') return { body: { id: issue.id, key: issue.key, self: `${base}/rest/api/2/issue/${issue.id}`, fields: { ...issue.fields, comment: { comments: issue.comments } } } };
      if (req.method === 'PUT') {
        const fields = (req.json as { fields?: Record<string, unknown> } | undefined)?.fields ?? {};
        const invalid = this.check(fields, issue.key.split('-')[0], false);
        if (invalid) return invalid;
        Object.assign(issue.fields, fields, { updated: jiraNow() });
        return { status: 204 };
      }
    }
    if (req.method === 'GET' && (req.path === '/rest/api/2/search/jql' || req.path === '/rest/api/2/search')) return this.search(req.query.jql ?? '');
    return undefined;
  }

  private create(req: RecordedRequest, base: string): StandInReply {
    const fields = { ...((req.json as { fields?: Record<string, unknown> } | undefined)?.fields ?? {}) };
    const projectKey = String((fields.project as { key?: unknown } | undefined)?.key ?? '');
    if (!PROJECTS[projectKey]) return { status: 400, body: { errorMessages: [], errors: { project: 'valid project is required' } } };
    const invalid = this.check(fields, projectKey, true);
    if (invalid) return invalid;
    const n = this.issues.filter((i) => i.key.startsWith(`${projectKey}-`)).length + 1;
    const now = jiraNow();
    const issue: Issue = { id: String(this.nextId++), key: `${projectKey}-${n}`, fields: { ...fields, status: { name: 'To Do' }, created: now, updated: now }, comments: [] };
    this.issues.push(issue);
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${base}/rest/api/2/issue/${issue.id}` } };
  }

  private comment(req: RecordedRequest, idOrKey: string): StandInReply {
    const issue = this.find(idOrKey);
    if (!issue) return { status: 404, body: NO_ISSUE };
    const body = (req.json as { body?: unknown } | undefined)?.body;
    if (typeof body !== 'string' || !body.trim()) return { status: 400, body: { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } } };
    const comment = { id: String(this.nextComment++), body, created: jiraNow() };
    issue.comments.push(comment);
    return { status: 201, body: comment };
  }

  private check(fields: Record<string, unknown>, projectKey: string, creating: boolean): StandInReply | undefined {
    const errors: Record<string, string> = {};
    const typeId = (fields.issuetype as { id?: unknown } | undefined)?.id;
    if (creating && typeId === undefined) errors.issuetype = 'Specify an issue type';
    else if (typeId !== undefined && !PROJECTS[projectKey]?.types.some((t) => t.id === typeId)) errors.issuetype = 'Specify a valid issue type';
    if (creating && !fields.summary) errors.summary = 'You must specify a summary of the issue.';
    if (typeof fields.summary === 'string' && /[\r\n]/.test(fields.summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    const priority = (fields.priority as { name?: unknown } | undefined)?.name;
    if (priority !== undefined && !PRIORITIES.includes(String(priority))) errors.priority = `The priority selected is invalid. Valid priorities: ${PRIORITIES.join(', ')}`;
    if (Array.isArray(fields.labels) && fields.labels.some((l) => /\s/.test(String(l)))) errors.labels = 'The label contains spaces which is invalid.';
    return Object.keys(errors).length ? { status: 400, body: { errorMessages: [], errors } } : undefined;
  }

  private search(jql: string): StandInReply {
    const m = /^project = "((?:[^"\\]|\\.)*)" AND summary ~ "((?:[^"\\]|\\.)*)"$/.exec(jql);
    if (!m) return { status: 400, body: { errorMessages: [`Error in the JQL Query: the demo stand-in understands only project = "X" AND summary ~ "text" (got ${jql})`], errors: {} } };
    // Undo the JQL escaping, then the Lucene escaping.
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    const project = unescape(m[1]);
    const text = unescape(unescape(m[2])).toLowerCase();
    const hits = this.issues.filter((i) => i.key.startsWith(`${project}-`) && String(i.fields.summary ?? '').toLowerCase().includes(text));
    return { body: { issues: hits.map((i) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary } })), isLast: true } };
  }

  private page(key: string): StandInReply {
    const issue = this.find(key);
    if (!issue) return { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Issue not found</h1>' };
    const html = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const comments = issue.comments.map((c) => `<li>${html(c.body)}</li>`).join('');
    return {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><title>${html(issue.key)}</title><h1>${html(issue.key)}: ${html(issue.fields.summary)}</h1><p>${html(issue.fields.description)}</p><ul>${comments}</ul>`,
    };
  }

  private find(idOrKey: string): Issue | undefined {
    return this.issues.find((i) => i.id === idOrKey || i.key === idOrKey);
  }
}

function fieldsOf(typeName: string): unknown[] {
  const fields: unknown[] = [
    { fieldId: 'summary', name: 'Summary', required: true, schema: { type: 'string', system: 'summary' } },
    { fieldId: 'issuetype', name: 'Issue Type', required: true, schema: { type: 'issuetype', system: 'issuetype' } },
    { fieldId: 'description', name: 'Description', required: false, schema: { type: 'string', system: 'description' } },
    { fieldId: 'priority', name: 'Priority', required: false, schema: { type: 'priority', system: 'priority' }, allowedValues: PRIORITIES.map((name, i) => ({ id: String(i + 1), name })), defaultValue: { id: '3', name: 'Medium' } },
    { fieldId: 'labels', name: 'Labels', required: false, schema: { type: 'array', items: 'string', system: 'labels' } },
  ];
  if (typeName === 'Sub-task') fields.push({ fieldId: 'parent', name: 'Parent', required: true, schema: { type: 'issuelink', system: 'parent' } });
  return fields;
}

/** Jira's timestamp format: `2024-05-01T10:00:00.000+0000`. */
function jiraNow(): string {
  return new Date().toISOString().replace('Z', '+0000');
}
