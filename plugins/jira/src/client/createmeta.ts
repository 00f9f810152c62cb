import type { HttpResponse } from '@relayflow/sdk';
import { seg, type JiraClient, type Outcome } from './jira-client';
import { unexpectedResponse } from './jira-errors';

/** An issue type a project can create. */
export interface IssueType {
  id: string;
  name: string;
}

/** One field of an issue type's create screen, keyed by field id in {@link FieldsById}. */
export interface FieldInfo {
  name: string;
  required: boolean;
  schema: unknown;
  allowedValues: unknown[];
  defaultValue: unknown;
}

/** Fields by Jira field id (`summary`, `priority`, `customfield_10011`). */
export type FieldsById = Record<string, FieldInfo>;

/** A page of createmeta: Cloud names the list `issueTypes` / `fields`, Data Center `values`. */
interface CreatemetaPage {
  issueTypes?: unknown[];
  fields?: unknown[];
  values?: unknown[];
  startAt?: number;
  maxResults?: number;
  total?: number;
  isLast?: boolean;
}

const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/**
 * The issue types of a project: `GET /rest/api/2/issue/createmeta/{projectKey}/issuetypes`, every
 * page, read from Cloud's `issueTypes` or Data Center's `values`.
 */
export async function fetchIssueTypes(client: JiraClient, projectKey: string): Promise<Outcome<IssueType[]>> {
  const operation = `Unable to get the issue types of project ${projectKey}`;
  const items = await fetchAllPages(client, operation, `/rest/api/2/issue/createmeta/${seg(projectKey, 'project key')}/issuetypes`, 'issueTypes');
  if (!items.ok) return items;
  const types: IssueType[] = [];
  for (const item of items.value) {
    const t = item as { id?: unknown; name?: unknown };
    if (t && (typeof t.id === 'string' || typeof t.id === 'number')) types.push({ id: String(t.id), name: typeof t.name === 'string' ? t.name : String(t.id) });
  }
  return { ok: true, value: types };
}

/**
 * The create-screen fields of one issue type of a project:
 * `GET /rest/api/2/issue/createmeta/{projectKey}/issuetypes/{issueTypeId}`, every page.
 */
export async function fetchFields(client: JiraClient, projectKey: string, issueType: IssueType): Promise<Outcome<FieldsById>> {
  const operation = `Unable to get the fields of issue type ${issueType.name} (${issueType.id}) in project ${projectKey}`;
  const items = await fetchAllPages(client, operation, `/rest/api/2/issue/createmeta/${seg(projectKey, 'project key')}/issuetypes/${seg(issueType.id, 'issue type id')}`, 'fields');
  if (!items.ok) return items;
  const fields: FieldsById = {};
  for (const item of items.value) {
    const f = item as { fieldId?: unknown; key?: unknown; name?: unknown; required?: unknown; schema?: unknown; allowedValues?: unknown; defaultValue?: unknown };
    const id = typeof f?.fieldId === 'string' ? f.fieldId : typeof f?.key === 'string' ? f.key : undefined;
    if (!id) continue;
    fields[id] = {
      name: typeof f.name === 'string' ? f.name : id,
      required: f.required === true,
      schema: f.schema ?? {},
      allowedValues: Array.isArray(f.allowedValues) ? f.allowedValues : [],
      defaultValue: f.defaultValue ?? null,
    };
  }
  return { ok: true, value: fields };
}

async function fetchAllPages(client: JiraClient, operation: string, path: string, cloudKey: 'issueTypes' | 'fields'): Promise<Outcome<unknown[]>> {
  const all: unknown[] = [];
  let startAt = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.call<CreatemetaPage>(operation, { path, params: { startAt, maxResults: PAGE_SIZE } });
    if (!res.ok) return res;
    const items = listOf(res.value, cloudKey);
    if (!items) return { ok: false, error: unexpectedResponse(operation, res.value, `the body has neither "${cloudKey}" (Jira Cloud) nor "values" (Data Center)`) };
    all.push(...items);
    if (!hasMore(res.value.data, items.length, startAt)) break;
    startAt += items.length;
  }
  return { ok: true, value: all };
}

function listOf(res: HttpResponse<CreatemetaPage>, cloudKey: 'issueTypes' | 'fields'): unknown[] | undefined {
  const body = res.data;
  if (!body || typeof body !== 'object') return undefined;
  if (Array.isArray(body[cloudKey])) return body[cloudKey];
  if (Array.isArray(body.values)) return body.values;
  return undefined;
}

function hasMore(body: CreatemetaPage, got: number, startAt: number): boolean {
  if (got === 0) return false;
  if (typeof body.isLast === 'boolean') return !body.isLast;
  if (typeof body.total === 'number') return startAt + got < body.total;
  return false;
}
