import { INCIDENT_FIELDS, present, type PushComment, type PushToServiceParams } from './push-to-service-params';

/** One push, with the flat and `incident` forms combined and empty values dropped. */
export interface PushInput {
  projectKey: string;
  externalId?: string;
  issueType?: string;
  summary?: string;
  description?: string;
  labels?: string[];
  priority?: string;
  parent?: string;
  otherFields?: Record<string, unknown>;
  comments: PushComment[];
}

/**
 * Combines the two forms (validation has already ensured a field given in both agrees) and
 * drops `undefined`, `null` and `''` values; `projectKey` falls back to the connector's.
 */
export function toPushInput(params: PushToServiceParams, defaultProjectKey: string): PushInput {
  const input: PushInput = { projectKey: present(params.projectKey) ? params.projectKey : defaultProjectKey, comments: [] };
  const target = input as unknown as Record<string, unknown>;
  for (const field of INCIDENT_FIELDS) {
    const value = present(params[field]) ? params[field] : params.incident?.[field];
    if (present(value)) target[field] = value;
  }
  input.comments = (params.comments ?? []).filter((c) => c.comment.trim() !== '');
  return input;
}

/**
 * A summary on one line: split at line breaks, each piece trimmed, empty pieces dropped, joined
 * with `, ` (`"a \n\n b"` → `"a, b"`). Jira rejects line breaks in a summary.
 */
export function collapseSummary(summary: string): string {
  return summary.split(/[\r\n]+/).map((s) => s.trim()).filter(Boolean).join(', ');
}

/**
 * The Jira `fields` of a create (`project` and `issuetype` included) or an update (only what was
 * given; `issuetype` only when given). `otherFields` are merged last and win.
 */
export function issueFields(input: PushInput, issueTypeId: string | undefined, mode: 'create' | 'update'): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (input.summary !== undefined) fields.summary = collapseSummary(input.summary);
  if (mode === 'create') fields.project = { key: input.projectKey };
  if (issueTypeId !== undefined) fields.issuetype = { id: issueTypeId };
  if (input.description !== undefined) fields.description = input.description;
  if (input.labels !== undefined) fields.labels = input.labels;
  if (input.priority !== undefined) fields.priority = { name: input.priority };
  if (input.parent !== undefined) fields.parent = { key: input.parent };
  return { ...fields, ...input.otherFields };
}
