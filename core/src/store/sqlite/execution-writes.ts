import type Database from 'better-sqlite3';
import type { ExecutionWrite } from '../execution-rows';

export type { ExecutionWrite };

const SQL: Record<ExecutionWrite['kind'], string> = {
  // OR IGNORE: ids are fresh UUIDv7s; a start written twice changes nothing.
  start: `INSERT OR IGNORE INTO executions (id, workflow_id, workflow_name, workflow_version, trigger_type, trigger_at, status, started_at, input,
    owner_id, owner_host, owner_pid, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  step: 'INSERT OR REPLACE INTO execution_steps (execution_id, seq, record) VALUES (?, ?, ?)',
  finish: 'UPDATE executions SET status = ?, finished_at = ?, duration_ms = ?, error = ? WHERE id = ?',
};

/**
 * The settings every connection to the store's file uses: WAL, no fsync per commit, and waiting
 * (not failing) while the other connection writes. Step rows reference their execution, but the
 * check costs every insert and the store writes both itself, in order; so SQLite's foreign-key
 * enforcement stays off (its default).
 */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

/**
 * Applies writes to one connection: each batch in one transaction, a write that fails (a
 * constraint) reported and skipped without taking the others down with it.
 */
export class ExecutionWriteApplier {
  private readonly statements = new Map<ExecutionWrite['kind'], Database.Statement>();
  /** Made once: better-sqlite3 builds four wrapper functions and their properties per `transaction()` call. */
  private readonly applyAll: (writes: readonly ExecutionWrite[], failures: string[]) => void;

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

  /** @returns a message per write or batch that could not be committed */
  apply(writes: readonly ExecutionWrite[]): string[] {
    const failures: string[] = [];
    try {
      this.applyAll(writes, failures);
    } catch (err) {
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
