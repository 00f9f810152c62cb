import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { RelayflowError } from '../../errors/relayflow-error';
import { createPrivateFile, ensureDataDir } from '../../files/private-files';
import type { ApiKeyStore, ConnectorStore, ExecutionStore, Store, WorkflowStore } from '../../contracts/store';
import type { TriggerStore } from '../../contracts/trigger-store';
import { configureConnection, ExecutionWriteApplier, openCommitConnection, type ExecutionWrite } from './execution-writes';
import { WalCheckpointer } from './wal-checkpointer';
import { SQLITE_MIGRATIONS } from './migrations';
import type { SqlAccess } from './sql-access';
import { SqliteApiKeyStore } from './sqlite-api-key-store';
import { SqliteConnectorStore } from './sqlite-connector-store';
import { SqliteExecutionStore, type PendingWrite } from './sqlite-execution-store';
import { SqliteTriggerStore } from './sqlite-trigger-store';
import { SqliteWorkflowStore } from './sqlite-workflow-store';

/** How long execution writes may wait to be committed together (group commit). */
const GROUP_COMMIT_MS = 10;
/** Commit at once when this many are waiting. */
const GROUP_COMMIT_MAX = 1000;
/** A commit that found the write lock taken is tried again at this many next loop turns, then every millisecond. */
const BUSY_TURNS = 3;

/**
 * The embedded store: one SQLite file in the data dir, WAL mode, `synchronous = NORMAL`
 * (no fsync per commit). Execution writes (a step starting, a step finishing) are buffered for
 * at most {@link GROUP_COMMIT_MS} and committed together in one transaction — within the same
 * turn of the event loop when a checkpoint is asked for (a step with effects outside completed,
 * an execution started for a 202): a commit then costs ~15 µs, every write waiting with it
 * included, and the checkpoints asked for in that turn share it. SQLite's automatic WAL checkpoints (an fsync,
 * 30-60 ms) are off on this connection and run in a thread instead (see WalCheckpointer), so no
 * commit ever holds the event loop for long; nor does another connection's write lock (an
 * execution thread's): execution writes are committed on a connection of their own that does not
 * wait for it, and are tried again at the next turns. A process crash loses only writes not yet committed
 * (never a checkpointed step); a power loss may lose the last commits (no fsync per commit).
 * Connectors, workflows, API keys and schedule claims are read and written at once (each
 * sub-store in its own file).
 */
export class SqliteStore implements Store {
  private db?: Database.Database;
  /** The connection execution writes are committed on (see openCommitConnection); the store's own for `:memory:`. */
  private commits?: Database.Database;
  private applier?: ExecutionWriteApplier;
  private checkpointer?: WalCheckpointer;
  private pending: PendingWrite[] = [];
  /** Writes made from `pending` whose commit found the write lock taken: first in the next commit. */
  private unwritten: ExecutionWrite[] = [];
  private readonly statements = new Map<string, Database.Statement>();
  /** Commits what waits GROUP_COMMIT_MS after the first write of a batch; one timer, re-armed (see enqueue). */
  private timer?: NodeJS.Timeout;
  /** Whether the timer is due to commit: a commit before it fires disarms it. */
  private timerArmed = false;
  /** The shared commit that settle() callers of this turn wait for. */
  private settling?: Promise<void>;
  private closing?: Promise<void>;
  readonly connectors: ConnectorStore;
  readonly executions: ExecutionStore;
  readonly workflows: WorkflowStore;
  readonly apiKeys: ApiKeyStore;
  readonly triggers: TriggerStore;

  /**
   * @param file - the SQLite file (`:memory:` for tests: then writes stay on this thread)
   * @param onWriteError - told about a buffered write that failed (the others still commit)
   */
  constructor(private readonly file: string, private readonly onWriteError: (message: string) => void = () => undefined) {
    const access: SqlAccess = { statement: (sql) => this.statement(sql), transaction: (fn) => this.transaction(fn) };
    this.connectors = new SqliteConnectorStore(access);
    this.executions = new SqliteExecutionStore(access, (write) => this.enqueue(write), () => this.settle());
    this.workflows = new SqliteWorkflowStore(access);
    this.apiKeys = new SqliteApiKeyStore(access);
    this.triggers = new SqliteTriggerStore(access);
  }

  async open(): Promise<void> {
    if (this.db) return;
    await this.closing;
    this.closing = undefined;
    let db: Database.Database | undefined;
    try {
      if (this.file !== ':memory:') {
        ensureDataDir(dirname(this.file));
        createPrivateFile(this.file);
      }
      db = new Database(this.file);
      configureConnection(db);
      migrate(db);
      this.commits = db;
      if (this.file !== ':memory:') {
        db.pragma('wal_autocheckpoint = 0');
        const commits = openCommitConnection(this.file);
        this.commits = commits;
        this.checkpointer = new WalCheckpointer(this.file, this.onWriteError, () => commits.pragma('wal_autocheckpoint = 1000'));
      }
      this.applier = new ExecutionWriteApplier(this.commits);
      this.db = db;
    } catch (err) {
      this.checkpointer = undefined;
      this.closeCommits(db);
      db?.close();
      if (RelayflowError.is(err)) throw err;
      throw new RelayflowError('STORE_UNAVAILABLE', `cannot open the store at ${this.file}: ${(err as Error).message}; check --data-dir (or RELAYFLOW_DATA_DIR)`, { cause: err });
    }
  }

  /** Commits what is waiting and closes the file; writes from then on are refused. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    const db = this.db;
    if (!db) return;
    if (!this.flush(true)) {
      // Kept: a checkpoint still waiting for them fails (flush refuses them once closed) instead of resolving.
      this.onWriteError(`could not commit ${this.unwritten.length} execution writes before closing the store: another connection held its write lock for too long`);
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.db = undefined; // refuses writes (and reads) from here on
    try {
      await this.checkpointer?.close();
    } finally {
      this.checkpointer = undefined;
      this.applier = undefined;
      this.statements.clear();
      this.closeCommits(db);
      // The last connection to close checkpoints what is left and removes the WAL.
      db.close();
    }
  }

  /** Closes the connection execution writes are committed on, unless it is the store's own (`db`: `:memory:`). */
  private closeCommits(db: Database.Database | undefined): void {
    if (this.commits !== db) this.commits?.close();
    this.commits = undefined;
  }

  /** A prepared statement, prepared once per SQL text. */
  private statement(sql: string): Database.Statement {
    if (!this.db) throw new RelayflowError('STORE_ERROR', 'the store is not open');
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private transaction<T>(fn: () => T): T {
    if (!this.db) throw new RelayflowError('STORE_ERROR', 'the store is not open');
    return this.db.transaction(fn).immediate();
  }

  private enqueue(write: PendingWrite): void {
    if (!this.db) throw new RelayflowError('STORE_UNAVAILABLE', 'the store is closed: this Relayflow was stopped');
    this.pending.push(write);
    if (this.pending.length >= GROUP_COMMIT_MAX && this.flush()) return;
    if (!this.timerArmed) {
      // A commit in between (a checkpoint) disarms the timer without clearing it: when it fires
      // disarmed it does nothing, and re-arming restarts the same one. Before, every checkpoint
      // left its timer behind and each new write set another, so a stray timer committed a step's
      // "running" record on its own while the step ran: an extra commit per step.
      this.timerArmed = true;
      if (this.timer) this.timer.refresh();
      else this.timer = setTimeout(() => this.onTimer(), GROUP_COMMIT_MS);
    }
  }

  private onTimer(): void {
    if (this.timerArmed && !this.flush()) {
      // Busy: another connection commits. Tried again with the next write or checkpoint, or by the timer.
      this.timerArmed = true;
      this.timer?.refresh();
    }
  }

  /**
   * Commits every buffered write as one batch (one transaction). A write that cannot be
   * serialised or stored is reported and left out; it never takes the others down with it.
   * While another connection (an execution thread's) holds the write lock, the batch is kept for
   * the next try instead of sleeping on the lock with the event loop held — unless `wait` (closing).
   * @returns false when the write lock was taken: nothing was committed
   */
  private flush(wait = false): boolean {
    this.timerArmed = false;
    if (!this.applier) {
      if (this.pending.length || this.unwritten.length) throw new RelayflowError('STORE_UNAVAILABLE', 'the store was closed before these execution writes were committed');
      return true;
    }
    if (this.pending.length) {
      const pending = this.pending;
      this.pending = [];
      for (const make of pending) {
        try {
          this.unwritten.push(make());
        } catch (err) {
          this.onWriteError(`could not record an execution write: ${(err as Error).message}`);
        }
      }
    }
    if (this.unwritten.length === 0) return true;
    const result = this.applier.apply(this.unwritten, wait);
    if (result === 'busy') return false;
    this.unwritten = [];
    for (const failure of result) this.onWriteError(failure);
    this.checkpointer?.wrote();
    return true;
  }

  /**
   * Everything written so far is committed: what a read must see, and what a checkpoint is.
   * Callers within one turn of the event loop share one commit (group commit): it runs once the
   * loop has taken in the other requests that are ready (`setImmediate`), so 32 webhooks arriving
   * together are stored by one transaction, not 32, each still answered only after it. When
   * another connection holds the write lock, the commit is tried again at the next turns (then
   * every millisecond), the loop serving requests meanwhile.
   */
  private settle(): Promise<void> {
    if (this.pending.length === 0 && this.unwritten.length === 0) return Promise.resolve();
    this.settling ??= new Promise<void>((resolve, reject) => {
      const attempt = (tries: number): void => {
        try {
          if (!this.flush()) {
            if (tries < BUSY_TURNS) setImmediate(() => attempt(tries + 1));
            else setTimeout(() => attempt(tries + 1), 1);
            return;
          }
          this.settling = undefined;
          resolve();
        } catch (err) {
          this.settling = undefined;
          reject(err);
        }
      };
      setImmediate(() => attempt(0));
    });
    return this.settling;
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
  const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > latest) {
    throw new RelayflowError('STORE_UNAVAILABLE', `the store was written by a newer Relayflow (schema version ${newest}; this one knows up to ${latest}); upgrade relayflow`);
  }
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    // IMMEDIATE, and checked again inside: of two processes opening the file at once, one migrates.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    }).immediate();
  }
}
