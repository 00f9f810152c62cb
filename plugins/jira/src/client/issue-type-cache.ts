import { error } from '@relayflow/sdk';
import { fetchIssueTypes, type IssueType } from './createmeta';
import type { JiraClient, Outcome } from './jira-client';

/** How long a project's issue types are reused before they are fetched again. */
export const ISSUE_TYPE_TTL_MS = 10 * 60_000;

interface Entry {
  at: number;
  types: Promise<Outcome<IssueType[]>>;
}

/**
 * Issue types per connector and project, so a workflow that pushes many issues asks Jira's
 * createmeta once. Concurrent lookups share one request; failures are not kept.
 */
export class IssueTypeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs = ISSUE_TYPE_TTL_MS, private readonly now: () => number = Date.now) {}

  /**
   * The project's issue types, from the cache when fresh.
   * @returns the types and whether they came from the cache
   */
  async get(client: JiraClient, projectKey: string, options: { fresh?: boolean } = {}): Promise<Outcome<IssueType[]> & { cached: boolean }> {
    const key = `${client.identity}\u0000${projectKey}`;
    const hit = this.entries.get(key);
    if (hit && !options.fresh && this.now() - hit.at < this.ttlMs) return { ...(await hit.types), cached: true };
    const entry: Entry = { at: this.now(), types: fetchIssueTypes(client, projectKey) };
    this.entries.set(key, entry);
    const outcome = await entry.types;
    if (!outcome.ok && this.entries.get(key) === entry) this.entries.delete(key);
    return { ...outcome, cached: false };
  }
}

/**
 * Resolves an issue type given by id or by name (exact, then case-insensitive) to its id. An
 * all-digits value is taken as an id without asking Jira (Jira itself rejects a wrong one). A
 * name missing from a cached list is looked up once more, in case the project gained it since.
 *
 * @returns the issue type, or an error listing the project's issue types
 */
export async function resolveIssueType(cache: IssueTypeCache, client: JiraClient, projectKey: string, wanted: string): Promise<Outcome<IssueType>> {
  if (/^\d+$/.test(wanted.trim())) return { ok: true, value: { id: wanted.trim(), name: wanted.trim() } };
  let types = await cache.get(client, projectKey);
  if (!types.ok) return types;
  let found = match(types.value, wanted);
  if (!found && types.cached) {
    types = await cache.get(client, projectKey, { fresh: true });
    if (!types.ok) return types;
    found = match(types.value, wanted);
  }
  if (found) return { ok: true, value: found };
  const known = types.value.map((t) => `${t.name} (${t.id})`).join(', ') || 'none (check that the connector\'s account may create issues in this project)';
  return { ok: false, error: error({ message: `issue type "${wanted}" does not exist in Jira project ${projectKey}; its issue types are: ${known}` }) };
}

/**
 * The project's first issue type in createmeta's order: what Kibana creates with when no issue
 * type is given.
 * @returns the type, or an error when the project offers none to the connector's account
 */
export async function firstIssueType(cache: IssueTypeCache, client: JiraClient, projectKey: string): Promise<Outcome<IssueType>> {
  const types = await cache.get(client, projectKey);
  if (!types.ok) return types;
  const [first] = types.value;
  if (first) return { ok: true, value: first };
  return {
    ok: false,
    error: error({ message: `issueType was not given and Jira project ${projectKey} offers no issue types to the connector's account (createmeta is empty); give issueType, or check the account may create issues in ${projectKey}` }),
  };
}

function match(types: IssueType[], wanted: string): IssueType | undefined {
  const w = wanted.trim();
  return types.find((t) => t.id === w) ?? types.find((t) => t.name === w) ?? types.find((t) => t.name.toLowerCase() === w.toLowerCase());
}
