import type { HttpResponse } from '@relayflow/sdk';
import { seg, type JiraClient, type Outcome } from './jira-client';
import { unexpectedResponse } from './jira-errors';

/** An issue as Jira's REST API returns it. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
}

/**
 * `GET /rest/api/2/issue/{idOrKey}` (optionally only some `fields`).
 * @param operation - the error message's start
 */
export async function getIssue(client: JiraClient, idOrKey: string, operation: string, fields?: string): Promise<Outcome<JiraIssue>> {
  const res = await client.call<unknown>(operation, { path: `/rest/api/2/issue/${seg(idOrKey, 'issue id or key')}`, params: { fields } });
  if (!res.ok) return res;
  return asIssue(operation, res.value);
}

/** Reads `{ id, key, fields }` from a response, or explains what is missing. */
export function asIssue(operation: string, res: HttpResponse<unknown>): Outcome<JiraIssue> {
  const body = res.data as { id?: unknown; key?: unknown; fields?: unknown } | undefined;
  if (!body || typeof body !== 'object' || (typeof body.id !== 'string' && typeof body.id !== 'number') || typeof body.key !== 'string') {
    return { ok: false, error: unexpectedResponse(operation, res, 'its body has no issue id and key') };
  }
  const fields = body.fields && typeof body.fields === 'object' ? body.fields as Record<string, unknown> : {};
  return { ok: true, value: { id: String(body.id), key: body.key, fields } };
}

/** A Jira timestamp (`2024-05-01T10:00:00.000+0000`) as ISO-8601 UTC, or undefined. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
