import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { RelayflowError } from '../../errors/relayflow-error';
import { createPrivateFile, ensureDataDir } from '../../files/private-files';
import type { ConnectorStore, ExecutionStore, Store, StoredConnector } from '../../contracts/store';
import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionSummary, StepRecord } from '../../contracts/execution-record';
import { InlineExecutionWriter, WorkerExecutionWriter, type ExecutionWriter } from './execution-writer';
import { configureConnection, type ExecutionWrite } from './execution-writes';
import { SQLITE_MIGRATIONS } from './migrations';

/** How long execution writes may wait to be committed together (group commit). */
const GROUP_COMMIT_MS = 10;
/** Hand the writes over at once when this many are waiting. */
const GROUP_COMMIT_MAX = 1000;

/** Makes a write's data when the batch is handed over (so a step is serialised in its latest state). */
type PendingWrite = () => ExecutionWrite;

/**
 * The embedded store: one SQLite file in the data dir, WAL mode, `synchronous = NORMAL`
 * (no fsync per commit). Execution writes (a step starting, a step finishing) are buffered for
 * at most {@link GROUP_COMMIT_MS} and handed over together to a writer thread with its own
 * connection (see WorkerExecutionWriter), so neither the commits nor SQLite's checkpoints hold up
 * the steps; a crash loses at most that window and the batch being committed. Connectors are
 * read and written here, at once.
 * Reads of executions first wait for the writes handed over before them.
 */
export class SqliteStore implements Store {
  private db?: Database.Database;
  private writer?: ExecutionWriter;
  private pending: PendingWrite[] = [];
  private readonly statements = new Map<string, Database.Statement>();
  private flushScheduled = false;
  private closing?: Promise<void>;
  readonly connectors: ConnectorStore;
  readonly executions: ExecutionStore;

  /**
   * @param file - the SQLite file (`:memory:` for tests: then writes stay on this thread)
   * @param onWriteError - told about a buffered write that failed (the others still commit)
   */
  constructor(private readonly file: string, private readonly onWriteError: (message: string) => void = () => undefined) {
    this.connectors = new SqliteConnectorStore((sql) => this.statement(sql));
    this.executions = new SqliteExecutionStore((sql) => this.statement(sql), (write) => this.enqueue(write), () => this.settle());
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
      this.db = db;
    } catch (err) {
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
    this.flush();
    this.db = undefined; // refuses writes (and reads) from here on, while the writer finishes
    try {
      await this.writer?.close();
    } finally {
      this.writer = undefined;
      this.statements.clear();
      db.close();
    }
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

  private enqueue(write: PendingWrite): void {
    if (!this.db) throw new RelayflowError('STORE_UNAVAILABLE', 'the store is closed: this Relayflow was stopped');
    this.pending.push(write);
    if (this.pending.length >= GROUP_COMMIT_MAX) {
      this.flush();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => this.flush(), GROUP_COMMIT_MS);
    }
  }

  /**
   * Hands every buffered write to the writer as one batch (one transaction). A write that cannot
   * be serialised is reported and left out; it never takes the others down with it.
   */
  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || !this.db) return;
    const pending = this.pending;
    this.pending = [];
    const writes: ExecutionWrite[] = [];
    for (const make of pending) {
      try {
        writes.push(make());
      } catch (err) {
        this.onWriteError(`could not record an execution write: ${(err as Error).message}`);
      }
    }
    if (writes.length) this.writerFor(this.db).write(writes);
  }

  private writerFor(db: Database.Database): ExecutionWriter {
    this.writer ??= this.file === ':memory:' ? new InlineExecutionWriter(db, this.onWriteError) : new WorkerExecutionWriter(this.file, this.onWriteError);
    return this.writer;
  }

  /** Everything written so far is committed: what a read must see. */
  private async settle(): Promise<void> {
    this.flush();
    await this.writer?.settled();
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
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    })();
  }
}

type Sql = (sql: string) => Database.Statement;

interface ConnectorRow {
  id: string; name: string; type: string; config: string; secrets: string; key_id: string; created_at: string; updated_at: string;
}

class SqliteConnectorStore implements ConnectorStore {
  constructor(private readonly sql: Sql) {}

  async insert(row: StoredConnector): Promise<void> {
    this.write(row, () => this.sql(
      'INSERT INTO connectors (id, name, type, config, secrets, key_id, created_at, updated_at) VALUES (@id, @name, @type, @config, @secrets, @key_id, @created_at, @updated_at)',
    ).run(toRow(row)));
  }

  async update(row: StoredConnector): Promise<void> {
    this.write(row, () => this.sql(
      'UPDATE connectors SET name = @name, config = @config, secrets = @secrets, key_id = @key_id, updated_at = @updated_at WHERE id = @id',
    ).run(toRow(row)));
  }

  async delete(id: string): Promise<boolean> {
    return this.sql('DELETE FROM connectors WHERE id = ?').run(id).changes > 0;
  }

  async get(id: string): Promise<StoredConnector | undefined> {
    const row = this.sql('SELECT * FROM connectors WHERE id = ?').get(id) as ConnectorRow | undefined;
    return row && fromRow(row);
  }

  async getByName(name: string): Promise<StoredConnector | undefined> {
    const row = this.sql('SELECT * FROM connectors WHERE name = ?').get(name) as ConnectorRow | undefined;
    return row && fromRow(row);
  }

  async list(): Promise<StoredConnector[]> {
    return (this.sql('SELECT * FROM connectors ORDER BY name').all() as ConnectorRow[]).map(fromRow);
  }

  async keyIds(): Promise<string[]> {
    return (this.sql('SELECT DISTINCT key_id FROM connectors').all() as Array<{ key_id: string }>).map((r) => r.key_id);
  }

  private write(row: StoredConnector, run: () => void): void {
    try {
      run();
    } catch (err) {
      const message = (err as Error).message;
      if (message.includes('connectors.name')) throw new RelayflowError('CONNECTOR_NAME_TAKEN', `a connector named "${row.name}" already exists; connector names are unique`);
      if (message.includes('connectors.id')) throw new RelayflowError('CONNECTOR_ID_TAKEN', `a connector with id ${row.id} already exists`);
      throw new RelayflowError('STORE_ERROR', `cannot save connector "${row.name}": ${message}`, { cause: err });
    }
  }
}

function toRow(c: StoredConnector): ConnectorRow {
  return {
    id: c.id, name: c.name, type: c.type, config: JSON.stringify(c.config), secrets: c.secrets.ciphertext,
    key_id: c.secrets.keyId, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

function fromRow(r: ConnectorRow): StoredConnector {
  return {
    id: r.id, name: r.name, type: r.type, config: JSON.parse(r.config) as Record<string, unknown>,
    secrets: { ciphertext: r.secrets, keyId: r.key_id }, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

interface ExecutionRow {
  id: string; workflow_id: string; workflow_name: string; status: ExecutionStatus; started_at: string;
  finished_at: string | null; duration_ms: number | null; error: string | null; input: string; step_count?: number;
}

class SqliteExecutionStore implements ExecutionStore {
  /** Step records waiting to be written, by execution and seq: only their latest state is. */
  private readonly waitingSteps = new Map<string, StepRecord>();

  constructor(
    private readonly sql: Sql,
    private readonly enqueue: (write: PendingWrite) => void,
    private readonly settle: () => Promise<void>,
  ) {}

  async start(record: ExecutionRecord, input: ExecutionInput): Promise<void> {
    const write: ExecutionWrite = {
      kind: 'start', id: record.id, workflowId: record.workflow.id, workflowName: record.workflow.name, status: record.status,
      startedAt: record.startedAt, input: JSON.stringify(input),
    };
    this.enqueue(() => write);
  }

  /**
   * Serialised when handed to the writer, not when called: a step that starts and finishes
   * within one group commit is written once, in its final state.
   */
  async saveStep(executionId: string, seq: number, step: StepRecord): Promise<void> {
    const key = `${executionId}:${seq}`;
    const alreadyWaiting = this.waitingSteps.has(key);
    this.waitingSteps.set(key, step);
    if (alreadyWaiting) return;
    this.enqueue(() => {
      const latest = this.waitingSteps.get(key) as StepRecord;
      this.waitingSteps.delete(key);
      return { kind: 'step', executionId, seq, record: JSON.stringify(latest) };
    });
  }

  async finish(executionId: string, result: Pick<ExecutionRecord, 'status' | 'finishedAt' | 'durationMs' | 'error'>): Promise<void> {
    const write: ExecutionWrite = {
      kind: 'finish', id: executionId, status: result.status, finishedAt: result.finishedAt, durationMs: result.durationMs,
      error: result.error ? JSON.stringify(result.error) : null,
    };
    this.enqueue(() => write);
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    await this.settle();
    const row = this.sql('SELECT * FROM executions WHERE id = ?').get(id) as ExecutionRow | undefined;
    if (!row) return undefined;
    const steps = (this.sql('SELECT record FROM execution_steps WHERE execution_id = ? ORDER BY seq').all(id) as Array<{ record: string }>)
      .map((s) => JSON.parse(s.record) as StepRecord);
    return { ...toSummary(row), steps };
  }

  async getInput(id: string): Promise<ExecutionInput | undefined> {
    await this.settle();
    const row = this.sql('SELECT input FROM executions WHERE id = ?').get(id) as { input: string } | undefined;
    return row && (JSON.parse(row.input) as ExecutionInput);
  }

  async list(options: { limit?: number; workflow?: string; status?: ExecutionStatus } = {}): Promise<ExecutionSummary[]> {
    await this.settle();
    const where: string[] = [];
    const args: unknown[] = [];
    if (options.workflow) { where.push('(e.workflow_name = ? OR e.workflow_id = ?)'); args.push(options.workflow, options.workflow); }
    if (options.status) { where.push('e.status = ?'); args.push(options.status); }
    args.push(options.limit ?? 20);
    const rows = this.sql(
      `SELECT e.*, (SELECT COUNT(*) FROM execution_steps s WHERE s.execution_id = e.id) AS step_count FROM executions e
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.started_at DESC LIMIT ?`,
    ).all(...args) as ExecutionRow[];
    return rows.map((r) => ({ ...toSummary(r), stepCount: r.step_count ?? 0 }));
  }
}

function toSummary(r: ExecutionRow): Omit<ExecutionRecord, 'steps'> {
  return {
    id: r.id,
    workflow: { id: r.workflow_id, name: r.workflow_name },
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    error: r.error ? JSON.parse(r.error) : null,
  };
}
