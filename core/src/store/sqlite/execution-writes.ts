import Database from 'better-sqlite3';
import type { ExecutionWrite } from '../execution-rows';

export type { ExecutionWrite };

const SQL: Record<ExecutionWrite['kind'], string> = {
  // OR IGNORE: ids are fresh UUIDv7s; a start written twice changes nothing.
  start: `INSERT OR IGNORE INTO executions (id, workflow_id, workflow_name, workflow_version, trigger_type, trigger_at, status, started_at, input,
    owner_id, owner_host, owner_pid, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  step: 'INSERT OR REPLACE INTO execution_steps (execution_id, seq, record) VALUES (?, ?, ?)',
  finish: 'UPDATE executions SET status = ?, finished_at = ?, duration_ms = ?, error = ? WHERE id = ?',
};

/** How long a connection waits for another one's write lock before SQLite says busy. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The settings every connection to the store's file uses: WAL, no fsync per commit, and waiting
 * (not failing) while the other connection writes. Step rows reference their execution, but the
 * check costs every insert and the store writes both itself, in order; so SQLite's foreign-key
 * enforcement stays off (its default).
 */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * A second connection to the store's file that only commits execution writes, with no busy
 * timeout: while another connection (an execution thread's) holds the write lock, its commit
 * fails at once and is tried again at a later turn of the event loop, instead of sleeping in
 * SQLite's busy handler (1, 2, 5, 10 ms...) with the loop held. Set per connection, once:
 * SQLite applies `PRAGMA busy_timeout` when the statement is prepared, so switching it per commit
 * would cost a prepare (~4 µs) each time. Its automatic WAL checkpoints are off (a thread does them).
 */
export function openCommitConnection(file: string): Database.Database {
  const db = new Database(file);
  configureConnection(db);
  db.pragma('busy_timeout = 0');
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

/**
 * Applies writes to one connection: each batch in one transaction, a write that fails (a
 * constraint) reported and skipped without taking the others down with it.
 */
export class ExecutionWriteApplier {
  private readonly statements = new Map<ExecutionWrite['kind'], Database.Statement>();
  /** Made once: better-sqlite3 builds four wrapper functions and their properties per `transaction()` call. */
  private readonly applyAll: Database.Transaction<(writes: readonly ExecutionWrite[], failures: string[]) => void>;

  /**
   * @param db - the connection that commits: the store's own, or one of its own opened with no
   *   busy timeout (see {@link openCommitConnection}), whose commits never wait for another
   *   connection's write lock
   */
  constructor(private readonly db: Database.Database) {
    this.applyAll = db.transaction((writes: readonly ExecutionWrite[], failures: string[]) => {
      for (const write of writes) {
        try {
          this.run(write);
        } catch (err) {
          failures.push(`could not record an execution write: ${(err as Error).message}`);
        }
      }
    });
  }

  /**
   * Commits the writes in one transaction, begun IMMEDIATE (the write lock is taken first, so a
   * batch is all or nothing under it).
   * @param wait - wait for another connection's write lock (up to the busy timeout, the thread
   *   sleeping) even on a connection that does not wait: what closing the store does
   * @returns a message per write or batch that could not be committed, or `busy` when another
   *   connection held the write lock and this one does not wait (nothing was written: try again)
   */
  apply(writes: readonly ExecutionWrite[], wait = false): string[] | 'busy' {
    const failures: string[] = [];
    if (wait) this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    try {
      this.applyAll.immediate(writes, failures);
    } catch (err) {
      // SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, _SNAPSHOT, _TIMEOUT): nothing was written.
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return 'busy';
      failures.push(`could not commit ${writes.length} execution writes: ${(err as Error).message}`);
    }
    return failures;
  }

  private run(write: ExecutionWrite): void {
    const stmt = this.statement(write.kind);
    switch (write.kind) {
      case 'start':
        stmt.run(
          write.id, write.workflowId, write.workflowName, write.workflowVersion ?? null, write.triggerType ?? 'manual', write.triggerAt ?? write.startedAt,
          write.status, write.startedAt, write.input, write.ownerId ?? null, write.ownerHost ?? null, write.ownerPid ?? null, write.leaseUntil ?? null,
        );
        break;
      case 'step':
        stmt.run(write.executionId, write.seq, write.record);
        break;
      case 'finish':
        stmt.run(write.status, write.finishedAt, write.durationMs, write.error, write.id);
        break;
    }
  }

  private statement(kind: ExecutionWrite['kind']): Database.Statement {
    let stmt = this.statements.get(kind);
    if (!stmt) {
      stmt = this.db.prepare(SQL[kind]);
      this.statements.set(kind, stmt);
    }
    return stmt;
  }
}
