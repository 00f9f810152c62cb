import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionSummary, StepRecord } from './execution-record';
import type { SealedSecrets } from './secret-provider';

/** A connector row as stored: config in clear, secrets sealed. */
export interface StoredConnector {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  secrets: SealedSecrets;
  createdAt: string;
  updatedAt: string;
}

/** Connector persistence. Names and ids are unique. */
export interface ConnectorStore {
  /** @throws RelayflowError `CONNECTOR_NAME_TAKEN` / `CONNECTOR_ID_TAKEN` */
  insert(row: StoredConnector): Promise<void>;
  /** @throws RelayflowError `CONNECTOR_NAME_TAKEN` */
  update(row: StoredConnector): Promise<void>;
  delete(id: string): Promise<boolean>;
  get(id: string): Promise<StoredConnector | undefined>;
  getByName(name: string): Promise<StoredConnector | undefined>;
  list(): Promise<StoredConnector[]>;
  keyIds(): Promise<string[]>;
}

/**
 * Execution persistence. Writes are recorded as they happen (buffered briefly and committed
 * in batches, never an fsync per step); reads see every write made before them.
 */
export interface ExecutionStore {
  start(record: ExecutionRecord, input: ExecutionInput): Promise<void>;
  /** Inserts or replaces step `seq` of an execution. */
  saveStep(executionId: string, seq: number, step: StepRecord): Promise<void>;
  finish(executionId: string, result: Pick<ExecutionRecord, 'status' | 'finishedAt' | 'durationMs' | 'error'>): Promise<void>;
  get(id: string): Promise<ExecutionRecord | undefined>;
  getInput(id: string): Promise<ExecutionInput | undefined>;
  list(options?: { limit?: number; workflow?: string; status?: ExecutionStatus }): Promise<ExecutionSummary[]>;
}

/** The store: embedded SQLite by default; PostgreSQL drops in behind the same interface. */
export const Store = Symbol.for('relayflow.Store');
export interface Store {
  readonly connectors: ConnectorStore;
  readonly executions: ExecutionStore;
  /** Opens the store and applies pending schema migrations. */
  open(): Promise<void>;
  /** Commits buffered writes and closes. */
  close(): Promise<void>;
}
