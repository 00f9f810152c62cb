import type Database from 'better-sqlite3';

/** What the SQLite sub-stores get from the store: prepared statements and transactions on its connection. */
export interface SqlAccess {
  /** A prepared statement, prepared once per SQL text. @throws RelayflowError `STORE_ERROR` when the store is not open */
  statement(sql: string): Database.Statement;
  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction: the write lock is taken first, so two
   * processes changing the same rows wait for each other instead of failing.
   */
  transaction<T>(fn: () => T): T;
}

/** True when SQLite refused a write because it would repeat a unique value of `column` (`table.column`). */
export function violatesUnique(err: unknown, column: string): boolean {
  const e = err as { code?: string; message?: string };
  return typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && String(e.message).includes(column);
}
