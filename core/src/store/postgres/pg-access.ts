import type { PoolClient, QueryResultRow } from 'pg';

/** What the PostgreSQL sub-stores get from the store: queries on its pool, and transactions. */
export interface PgAccess {
  /**
   * Runs one statement on a pooled connection.
   * @throws RelayflowError `STORE_UNAVAILABLE` when the store is not open
   */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /**
   * Runs `fn` in one transaction on one connection (READ COMMITTED): committed when `fn` resolves,
   * rolled back when it throws (and the error passed on).
   */
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T>;
}

/** The schema every table of the store is in. */
export const SCHEMA = 'relayflow';

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * True when PostgreSQL refused a write because it would repeat a unique value: `constraint` is
 * the constraint's name, as PostgreSQL names them (`connectors_name_key`, `connectors_pkey`).
 */
export function violatesUnique(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && e.constraint === constraint;
}

/**
 * A transaction-scoped lock on a name: statements after it, in its transaction, see what the
 * holder before committed (READ COMMITTED takes a snapshot per statement).
 */
export async function lockName(client: PoolClient, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}
