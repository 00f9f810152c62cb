import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { Logger } from '../../contracts/logger';
import type { ApiKeyStore, ConnectorStore, ExecutionStore, Store, WorkflowStore } from '../../contracts/store';
import type { TriggerStore } from '../../contracts/trigger-store';
import { RelayflowError } from '../../errors/relayflow-error';
import { isConnectionError, safeMessage, unavailable } from './connection-errors';
import { ExecutionWriter, type PendingWrite } from './execution-writer';
import type { PgAccess } from './pg-access';
import { PostgresApiKeyStore } from './postgres-api-key-store';
import { PostgresConnectorStore } from './postgres-connector-store';
import { PostgresExecutionStore } from './postgres-execution-store';
import { migrate } from './postgres-migrations';
import { PostgresWorkerStore } from './postgres-worker-store';
import { PostgresTriggerStore } from './postgres-trigger-store';
import { PostgresWorkflowStore } from './postgres-workflow-store';

/** Connections per process. */
const POOL_SIZE = 10;
/** How long opening a connection may take (a host that drops packets must not hang a command). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The store on PostgreSQL (`store: postgres://...`), for one machine or many: every table is in
 * the schema `relayflow` of the database the URL names, brought up to date by node-pg-migrate when
 * the store opens. Connectors, workflows, API keys and schedule claims are read and written at
 * once (each sub-store in its own file); execution writes go through a group commit (see
 * ExecutionWriter) and resolve once committed.
 */
export class PostgresStore implements Store {
  /** Many nodes use one database: each needs the same encryption key (contract §12). */
  readonly shared = true;
  private pool?: Pool;
  private writer?: ExecutionWriter;
  private closing?: Promise<void>;
  readonly connectors: ConnectorStore;
  readonly executions: ExecutionStore;
  readonly workflows: WorkflowStore;
  readonly apiKeys: ApiKeyStore;
  readonly triggers: TriggerStore;
  readonly workers: PostgresWorkerStore;

  /**
   * @param url - a PostgreSQL connection URL (it may hold a password: it is never logged or shown)
   * @param logger - told about migrations, lost connections and writes waiting for the server
   */
  constructor(private readonly url: string, private readonly logger: Logger) {
    const access: PgAccess = { query: (sql, params) => this.query(sql, params), transaction: (fn) => this.transaction(fn) };
    this.connectors = new PostgresConnectorStore(access);
    this.executions = new PostgresExecutionStore(access, (write) => this.write(write), () => this.writer?.settled() ?? Promise.resolve());
    this.workflows = new PostgresWorkflowStore(access);
    this.apiKeys = new PostgresApiKeyStore(access);
    this.triggers = new PostgresTriggerStore(access);
    this.workers = new PostgresWorkerStore(access);
  }

  /**
   * Connects and applies pending migrations.
   * @throws RelayflowError `STORE_UNAVAILABLE` when the server cannot be reached, refuses the
   *   login or the database, or was migrated by a newer Relayflow (the message shows the URL
   *   without its password)
   */
  async open(): Promise<void> {
    if (this.pool) return;
    await this.closing;
    this.closing = undefined;
    // node-postgres is loaded only when a PostgreSQL store opens.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool } = require('pg') as typeof import('pg');
    const pool = new Pool({ connectionString: this.url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'relayflow' });
    // An idle connection the server closed (a restart) is dropped by the pool; without a listener it would end the process.
    pool.on('error', (err) => this.logger.warn('a pooled PostgreSQL connection was lost', { error: safeMessage(err, this.url) }));
    try {
      const client = await pool.connect();
      // Destroyed, not returned to the pool: the migration runner changed its search_path.
      try {
        await migrate(client, this.logger);
      } finally {
        client.release(true);
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (RelayflowError.is(err)) throw err;
      throw unavailable(this.url, err);
    }
    this.pool = pool;
    this.writer = new ExecutionWriter({
      connect: () => pool.connect(),
      warn: (message) => this.logger.warn(safeMessage(message, this.url)),
    });
  }

  /** Commits the execution writes handed over and closes the pool; reads and writes from then on are refused. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    this.pool = undefined;
    try {
      await this.writer?.close();
    } finally {
      this.writer = undefined;
      await pool.end();
    }
  }

  private write(write: PendingWrite): Promise<void> {
    if (!this.writer) return Promise.reject(closed());
    return this.writer.write(write);
  }

  private async query<R extends QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }> {
    const pool = this.openPool();
    try {
      const result = await pool.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (err) {
      throw this.unreachable(err);
    }
  }

  private async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const pool = this.openPool();
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw this.unreachable(err);
    }
    let failed: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      failed = err;
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.unreachable(err);
    } finally {
      client.release(failed !== undefined && isConnectionError(failed) ? (failed as Error) : undefined);
    }
  }

  private openPool(): Pool {
    if (!this.pool) throw closed();
    return this.pool;
  }

  /** A lost or refused connection as STORE_UNAVAILABLE; any other error as it is (the sub-stores read constraint names from it). */
  private unreachable(err: unknown): unknown {
    if (RelayflowError.is(err) || !isConnectionError(err)) return err;
    return new RelayflowError('STORE_UNAVAILABLE', `the PostgreSQL store cannot be reached: ${safeMessage(err, this.url)}`, { cause: err });
  }
}

function closed(): RelayflowError {
  return new RelayflowError('STORE_UNAVAILABLE', 'the store is closed: this Relayflow was stopped');
}
