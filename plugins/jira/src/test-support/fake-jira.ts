import { startStandIn, type RecordedRequest, type StandIn, type StandInReply } from '@relayflow/sdk/testing';

/**
 * A stateful fake of enough of Jira's REST API v2 for the plugin's specs, on 127.0.0.1: projects
 * with issue types and fields (createmeta, paginated, in the Cloud or the Data Center shape),
 * issues (create, get, edit), comments, and JQL search with Jira's quoting rules. It answers with
 * Jira's error bodies (`errorMessages` / `errors`) and refuses any other Authorization header.
 */
export interface FakeJiraOptions {
  flavor: 'cloud' | 'datacenter';
  /** The exact Authorization header to accept. */
  authorization: string;
  /** Issue types per project key. */
  projects?: Record<string, Array<{ id: string; name: string }>>;
  /** createmeta page size (Jira's is 50; small values exercise paging). */
  pageSize?: number;
}

/** One stored issue. */
export interface FakeIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: Array<{ id: string; body: string; created: string }>;
}

/** A reply to force on the next requests matching `METHOD /path-regex`. */
export interface Injected {
  method: string;
  path: RegExp;
  reply: StandInReply;
  times: number;
  /** Matching requests to let through first. */
  after: number;
}

export interface FakeJira {
  url: string;
  standIn: StandIn;
  requests: RecordedRequest[];
  issues: FakeIssue[];
  /** Answer `times` (default 1) requests matching with `reply` instead, after letting `after` (default 0) through. */
  inject(method: string, path: RegExp, reply: StandInReply, options?: { times?: number; after?: number }): void;
  /** Requests whose method and path match. */
  count(method: string, path: RegExp): number;
  close(): Promise<void>;
}

export const DEFAULT_TYPES = [
  { id: '10001', name: 'Task' }, { id: '10002', name: 'Bug' }, { id: '10003', name: 'Story' },
  { id: '10004', name: 'Epic' }, { id: '10005', name: 'Sub-task' },
];

const NOT_FOUND = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

/** Starts the fake. */
export async function startFakeJira(options: FakeJiraOptions): Promise<FakeJira> {
  const projects = options.projects ?? { ENG: DEFAULT_TYPES };
  const pageSize = options.pageSize ?? 50;
  const issues: FakeIssue[] = [];
  const injected: Injected[] = [];
  let clock = Date.parse('2024-05-01T10:00:00.000Z');
  const stamp = (): string => new Date((clock += 1000)).toISOString().replace('Z', '+0000');
  const listKey = (cloud: string) => (options.flavor === 'cloud' ? cloud : 'values');
  const find = (idOrKey: string) => issues.find((i) => i.id === idOrKey || i.key === idOrKey);

  const page = (items: unknown[], q: Record<string, string>, cloudKey: string) => {
    const startAt = Number(q.startAt ?? 0);
    const max = Math.min(Number(q.maxResults ?? pageSize), pageSize);
    const slice = items.slice(startAt, startAt + max);
    const body: Record<string, unknown> = { startAt, maxResults: max, total: items.length, [listKey(cloudKey)]: slice };
    if (options.flavor === 'datacenter') body.isLast = startAt + slice.length >= items.length;
    return { body };
  };

  const route = (req: RecordedRequest): StandInReply | undefined => {
    const forced = injected.find((i) => i.method === req.method && i.path.test(req.path) && i.times > 0);
    if (forced && forced.after > 0) forced.after--;
    else if (forced) {
      forced.times--;
      return forced.reply;
    }
    if (req.headers.authorization !== options.authorization) {
      return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };
    }
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && (m = /^\/rest\/api\/2\/issue\/createmeta\/([^/]+)\/issuetypes$/.exec(req.path))) {
      const types = projects[decodeURIComponent(m[1])];
      if (!types) return { status: 404, body: { errorMessages: [`No project could be found with key '${decodeURIComponent(m[1])}'.`], errors: {} } };
      return page(types.map((t) => ({ ...t, self: `x/${t.id}`, subtask: t.name === 'Sub-task' })), req.query, 'issueTypes');
    }
    if (req.method === 'GET' && (m = /^\/rest\/api\/2\/issue\/createmeta\/([^/]+)\/issuetypes\/([^/]+)$/.exec(req.path))) {
      const type = projects[decodeURIComponent(m[1])]?.find((t) => t.id === m![2]);
      if (!type) return { status: 404, body: { errorMessages: ['Issue type not found.'], errors: {} } };
      return page(fieldsOf(type.name), req.query, 'fields');
    }
    if (req.method === 'GET' && (m = /^\/rest\/api\/2\/project\/([^/]+)$/.exec(req.path))) {
      const key = decodeURIComponent(m[1]);
      if (!projects[key]) return { status: 404, body: { errorMessages: [`No project could be found with key '${key}'.`], errors: {} } };
      return { body: { id: '10100', key, name: `${key} project` } };
    }
    if (req.method === 'POST' && req.path === '/rest/api/2/issue') return create(req);
    if ((m = /^\/rest\/api\/2\/issue\/([^/]+)\/comment$/.exec(req.path)) && req.method === 'POST') {
      const issue = find(decodeURIComponent(m[1]));
      if (!issue) return { status: 404, body: NOT_FOUND };
      const body = (req.json as { body?: unknown })?.body;
      if (typeof body !== 'string' || !body.trim()) return { status: 400, body: { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } } };
      const comment = { id: String(20000 + issue.comments.length + issues.indexOf(issue) * 100), body, created: stamp() };
      issue.comments.push(comment);
      return { status: 201, body: comment };
    }
    if ((m = /^\/rest\/api\/2\/issue\/([^/]+)$/.exec(req.path))) {
      const issue = find(decodeURIComponent(m[1]));
      if (!issue) return { status: 404, body: NOT_FOUND };
      if (req.method === 'GET') {
        const wanted = req.query.fields ? req.query.fields.split(',') : Object.keys(issue.fields);
        return { body: { id: issue.id, key: issue.key, self: `x/${issue.id}`, fields: Object.fromEntries(wanted.filter((f) => f in issue.fields).map((f) => [f, issue.fields[f]])) } };
      }
      if (req.method === 'PUT') {
        const fields = (req.json as { fields?: Record<string, unknown> })?.fields ?? {};
        const problem = checkFields(fields, issue.key.split('-')[0], false);
        if (problem) return problem;
        Object.assign(issue.fields, fields, { updated: stamp() });
        return { status: 204 };
      }
    }
    if (req.method === 'GET' && (req.path === '/rest/api/2/search/jql' || req.path === '/rest/api/2/search')) {
      const wrongApi = options.flavor === 'cloud' ? req.path === '/rest/api/2/search' : req.path === '/rest/api/2/search/jql';
      if (wrongApi && options.flavor === 'cloud') return { status: 410, body: { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'], errors: {} } };
      if (wrongApi) return undefined;
      return search(req.query);
    }
    return undefined;
  };

  const checkFields = (fields: Record<string, unknown>, projectKey: string, creating: boolean): StandInReply | undefined => {
    const errors: Record<string, string> = {};
    const typeId = (fields.issuetype as { id?: string } | undefined)?.id;
    if (creating && !typeId) errors.issuetype = 'Specify an issue type';
    if (typeId && !projects[projectKey]?.some((t) => t.id === typeId)) errors.issuetype = 'Specify a valid issue type';
    if (fields.summary !== undefined && (typeof fields.summary !== 'string' || /[\r\n]/.test(fields.summary))) errors.summary = 'The summary is invalid because it contains newline characters.';
    if (creating && !fields.summary) errors.summary = 'You must specify a summary of the issue.';
    if (Array.isArray(fields.labels) && fields.labels.some((l) => /\s/.test(String(l)))) errors.labels = 'The label \'x y\' contains spaces which is invalid.';
    if (fields.priority && !['Highest', 'High', 'Medium', 'Low', 'Lowest'].includes((fields.priority as { name?: string }).name ?? '')) errors.priority = 'Specify the Priority (name) in the string format';
    if (fields.parent && !find((fields.parent as { key?: string }).key ?? '')) errors.parent = 'Could not find issue by id or key.';
    return Object.keys(errors).length ? { status: 400, body: { errorMessages: [], errors } } : undefined;
  };

  const create = (req: RecordedRequest): StandInReply => {
    const fields = { ...((req.json as { fields?: Record<string, unknown> })?.fields ?? {}) };
    const projectKey = (fields.project as { key?: string } | undefined)?.key ?? '';
    if (!projects[projectKey]) return { status: 400, body: { errorMessages: [], errors: { project: 'valid project is required' } } };
    const problem = checkFields(fields, projectKey, true);
    if (problem) return problem;
    const n = issues.filter((i) => i.key.startsWith(`${projectKey}-`)).length + 1;
    const created = stamp();
    const issue: FakeIssue = { id: String(10000 + issues.length + 1), key: `${projectKey}-${n}`, fields: { ...fields, created, updated: created }, comments: [] };
    issues.push(issue);
    return { status: 201, body: { id: issue.id, key: issue.key, self: `x/${issue.id}` } };
  };

  const search = (q: Record<string, string>): StandInReply => {
    let parsed: { project: string; text: string };
    try {
      parsed = parseJql(q.jql ?? '');
    } catch (err) {
      return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${(err as Error).message}`], errors: {} } };
    }
    const hits = issues.filter((i) => i.key.startsWith(`${parsed.project}-`) && String(i.fields.summary ?? '').toLowerCase().includes(parsed.text.toLowerCase()));
    const max = q.maxResults ? Number(q.maxResults) : 50;
    return { body: { issues: hits.slice(0, max).map((i) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary } })) } };
  };

  const standIn = await startStandIn((req) => route(req));
  return {
    url: standIn.url,
    standIn,
    requests: standIn.requests,
    issues,
    inject: (method, path, reply, { times = 1, after = 0 } = {}) => injected.push({ method, path, reply, times, after }),
    count: (method, path) => standIn.requests.filter((r) => r.method === method && path.test(r.path)).length,
    close: () => standIn.close(),
  };
}

function fieldsOf(typeName: string): unknown[] {
  const base = [
    { fieldId: 'summary', name: 'Summary', required: true, schema: { type: 'string', system: 'summary' } },
    { fieldId: 'issuetype', name: 'Issue Type', required: true, schema: { type: 'issuetype' }, allowedValues: [] },
    { fieldId: 'description', name: 'Description', required: false, schema: { type: 'string' } },
    { fieldId: 'priority', name: 'Priority', required: false, schema: { type: 'priority' }, allowedValues: [{ name: 'High' }, { name: 'Low' }], defaultValue: { name: 'Medium' } },
    { fieldId: 'labels', name: 'Labels', required: false, schema: { type: 'array', items: 'string' } },
  ];
  if (typeName === 'Epic') base.push({ fieldId: 'customfield_10011', name: 'Epic Name', required: true, schema: { type: 'string' } });
  if (typeName === 'Sub-task') base.push({ fieldId: 'parent', name: 'Parent', required: true, schema: { type: 'issuelink' } });
  return base;
}

/**
 * Parses exactly `project = "<lit>" AND summary ~ "<lit>"` the way Jira does: JQL string escapes
 * first (only `\"`, `\'`, `\\`, `\ `, `\t`, `\n`, `\r`, `\uXXXX` are legal), then the text must
 * have every Lucene special character backslash-escaped.
 */
export function parseJql(jql: string): { project: string; text: string } {
  const m = /^project = ("(?:[^"\\]|\\.)*") AND summary ~ ("(?:[^"\\]|\\.)*")$/.exec(jql);
  if (!m) throw new Error(`the fake understands only project = "..." AND summary ~ "...", got ${jql}`);
  return { project: jqlLiteral(m[1]), text: luceneText(jqlLiteral(m[2])) };
}

function jqlLiteral(quoted: string): string {
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', ' ': ' ', t: '\t', n: '\n', r: '\r' };
    if (next in simple) out += simple[next];
    else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else throw new Error(`'\\${next}' is an illegal JQL escape sequence`);
  }
  return out;
}

function luceneText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 >= text.length) throw new Error('the text query ends with a lone backslash');
      out += text[++i];
    } else if ('+-&|!(){}[]^"~*?:/'.includes(c)) {
      throw new Error(`the text query contains the unescaped Lucene character '${c}'`);
    } else out += c;
  }
  return out;
}
