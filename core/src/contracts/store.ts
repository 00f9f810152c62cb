import type { ApiScope } from './api-keys';
import type { ConnectorLimits } from './connector-limiter';
import type { CompiledTrigger } from './compiled-workflow';
import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionSummary, StepRecord } from './execution-record';
import type { SealedSecrets } from './secret-provider';
import type { TriggerStore } from './trigger-store';

/** A connector row as stored: config in clear, secrets sealed. */
export interface StoredConnector {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  secrets: SealedSecrets;
  /** Absent when the connector has no limits. */
  limits?: ConnectorLimits;
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

/** Which executions {@link ExecutionStore.page} returns. */
export interface ExecutionPageQuery {
  /** Only this workflow's executions (its id: the workflow's name). */
  workflowId?: string;
  status?: ExecutionStatus;
  /** Page size (at least 1). */
  limit: number;
  /** The `nextCursor` of the page before: the page starts after it. */
  cursor?: string;
}

/** One page of executions, newest first. */
export interface ExecutionPage {
  items: ExecutionSummary[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * A process that runs executions, as leases name it: a process run (not just a pid, which a
 * restarted container reuses) on a host.
 */
export interface ExecutionOwner {
  /** Unique per process run: `HOST/PID/RANDOM`. */
  id: string;
  host: string;
  pid: number;
}

/** A `running` execution as a resume scan sees it: who holds it, until when, or when it is due. */
export interface RunningExecution {
  id: string;
  /** When the execution started (ISO-8601). */
  startedAt: string;
  /** The lease holder; absent while parked on a durable timer (no process holds it). */
  owner?: ExecutionOwner;
  /** Until when the owner's lease holds unless renewed (ISO-8601). */
  leaseUntil?: string;
  /** A parked execution is due at this time (ISO-8601): a durable `wait` or retry delay. */
  parkedUntil?: string;
}

/** What {@link ExecutionStore.requestCancel} found. */
export type CancelRequest = 'requested' | 'not_running' | 'not_found';

/**
 * Execution persistence. Writes are recorded as they happen (buffered briefly and committed
 * in batches, never an fsync per step); reads see every write made before them.
 */
export interface ExecutionStore {
  /**
   * Records a new execution. An execution of a stored workflow version (`record.workflowVersion`)
   * keeps no copy of its YAML: {@link getInput} reads it from the version (versions are never
   * deleted), so `input.yaml` must be that version's.
   * @param lease - who runs it and until when its lease holds (absent: no process holds it, as
   *   for records of runs that cannot be resumed elsewhere)
   */
  start(record: ExecutionRecord, input: ExecutionInput, lease?: { owner: ExecutionOwner; until: string }): Promise<void>;
  /**
   * Commits every write made before the call (other executions' too: a group commit). Once it
   * resolves, a crash loses none of them: what the engine awaits after a step with effects
   * outside the execution completes, before the next step starts.
   */
  checkpoint(): Promise<void>;
  /** Inserts or replaces step `seq` of an execution. */
  saveStep(executionId: string, seq: number, step: StepRecord): Promise<void>;
  finish(executionId: string, result: Pick<ExecutionRecord, 'status' | 'finishedAt' | 'durationMs' | 'error'>): Promise<void>;
  get(id: string): Promise<ExecutionRecord | undefined>;
  getInput(id: string): Promise<ExecutionInput | undefined>;
  list(options?: { limit?: number; workflow?: string; status?: ExecutionStatus }): Promise<ExecutionSummary[]>;
  /**
   * Executions newest first, a page at a time. Execution ids are time-ordered (UUIDv7), so the
   * cursor is the last id of a page and the next page holds the ids below it: pages do not shift
   * when executions start meanwhile. Summaries carry `trigger` (`manual` for records written
   * before triggers were kept) and `workflowVersion` (stored workflows only).
   */
  page(query: ExecutionPageQuery): Promise<ExecutionPage>;
  /**
   * Asks whichever process runs a `running` execution to cancel it (that process polls
   * {@link cancelRequested} while it runs executions).
   * @returns `requested`; `not_running` when it already ended; `not_found`
   */
  requestCancel(id: string, at: string): Promise<CancelRequest>;
  /** Of these ids (executions running in this process), those another process asked to cancel. */
  cancelRequested(ids: readonly string[]): Promise<string[]>;
  /** Extends the lease of every running execution this owner holds. */
  renewLeases(ownerId: string, until: string): Promise<void>;
  /**
   * A running execution as a worker takes it (one read): who holds it, its record and its input.
   * @returns undefined when it is not running (ended, or unknown)
   */
  runnable(id: string): Promise<{ running: RunningExecution; record: ExecutionRecord; input: ExecutionInput } | undefined>;
  /** Every `running` execution (or the one with this id), with its lease or due time, oldest first. */
  running(id?: string): Promise<RunningExecution[]>;
  /**
   * Takes an execution over, if it is still as `seen` (running, same owner or none): the new
   * owner's lease starts and the park ends. With `resumedAt` it is a resume: `resumedAt` is set
   * and `resumes` counts one more; without, it is the first run of a queued execution.
   * Of two processes claiming one execution, one wins.
   * @returns false when it changed meanwhile (another process took it, or it ended)
   */
  claim(seen: RunningExecution, lease: { owner: ExecutionOwner; until: string }, resumedAt?: string): Promise<boolean>;
  /**
   * Parks a running execution until `until` (a durable timer): its writes so far are committed
   * and no process holds it; a resume scan continues it when due.
   */
  park(id: string, until: string): Promise<void>;
}

/** A process that takes executions from the queue, as its heartbeat row shows it. */
export interface WorkerRow extends ExecutionOwner {
  /** How many executions it runs at once. */
  concurrency: number;
  startedAt: string;
  /** Its last heartbeat, as the store wrote it (for {@link WorkerStore.remove}). */
  seenAt: string;
  /** How long since its last heartbeat, by the store's clock (hosts' clocks need not agree). */
  silentMs: number;
}

/**
 * Worker heartbeats (contract §12): each worker renews its row every few seconds; a peer that
 * finds one not renewed (or, on its host, with its pid gone) hands its work back to the queue.
 */
export interface WorkerStore {
  /** Records that this worker is alive now (its row is created on the first call). */
  heartbeat(worker: ExecutionOwner & { concurrency: number }): Promise<void>;
  /** Every worker's row, oldest first. */
  list(): Promise<WorkerRow[]>;
  /**
   * Deletes a worker's row if it was not renewed since `seenAt` (a stopping worker passes none).
   * Of peers removing one dead worker, one gets true: that one recovers its work.
   */
  remove(id: string, seenAt?: string): Promise<boolean>;
}

/** A stored workflow's row: its flag and its latest version. */
export interface WorkflowRow {
  /** The workflow's name. */
  id: string;
  enabled: boolean;
  /** The latest version. */
  version: number;
  /** The latest version's triggers, as compiled when it was stored (listing never parses YAML). */
  triggers: CompiledTrigger[];
  createdAt: string;
  /** Changed by a new version and by enabling or disabling. */
  updatedAt: string;
}

/** One version of a stored workflow: immutable once stored. */
export interface WorkflowVersionRow {
  workflowId: string;
  version: number;
  yaml: string;
  triggers: CompiledTrigger[];
  createdAt: string;
}

/** What a new workflow version is stored with. */
export interface WorkflowVersionInput {
  yaml: string;
  triggers: CompiledTrigger[];
  /** When (ISO-8601). */
  at: string;
}

/**
 * Stored workflows and every version of each. A version number is never used twice for one id:
 * a workflow created again after a delete continues after its old versions, so `(id, version)`
 * always names one YAML (what an execution record points at).
 */
export interface WorkflowStore {
  /**
   * Stores a new workflow with its first version: 1, or one more than a deleted workflow of that
   * id had.
   * @throws RelayflowError `WORKFLOW_NAME_TAKEN`
   */
  create(id: string, input: WorkflowVersionInput & { enabled: boolean }): Promise<WorkflowRow>;
  /**
   * Stores the next version (latest + 1), atomically.
   * @param input.enabled - the new flag; absent keeps the stored one
   * @returns undefined when there is no such workflow
   */
  addVersion(id: string, input: WorkflowVersionInput & { enabled?: boolean }): Promise<WorkflowRow | undefined>;
  get(id: string): Promise<WorkflowRow | undefined>;
  /** A version of a workflow (also of a deleted one: versions are kept). */
  getVersion(id: string, version: number): Promise<WorkflowVersionRow | undefined>;
  /** Every stored workflow, by id. */
  list(): Promise<WorkflowRow[]>;
  /** @returns undefined when there is no such workflow */
  setEnabled(id: string, enabled: boolean, at: string): Promise<WorkflowRow | undefined>;
  /**
   * Deletes the workflow and its trigger claims (a workflow created again starts its schedules
   * afresh); its versions stay, for the executions that ran them.
   * @returns false when there was no such workflow
   */
  delete(id: string): Promise<boolean>;
}

/** A stored API key: a keyed hash of the key, never the key. */
export interface StoredApiKey {
  name: string;
  /** HMAC-SHA256 of the key (hex), keyed with a secret derived from the encryption key. */
  hash: string;
  /** The id of the encryption key the HMAC secret was derived from. */
  keyId: string;
  scopes: ApiScope[];
  createdAt: string;
}

/** API keys made with `relayflow apikeys create`. Names and hashes are unique. */
export interface ApiKeyStore {
  /** @throws RelayflowError `API_KEY_NAME_TAKEN` */
  insert(row: StoredApiKey): Promise<void>;
  /** Reads the store each time: a key created or revoked by another process counts at once. */
  findByHash(hash: string): Promise<StoredApiKey | undefined>;
  /** Every stored key, by name. */
  list(): Promise<StoredApiKey[]>;
  /** @returns false when there was no such key */
  delete(name: string): Promise<boolean>;
}

/** The store: embedded SQLite by default; PostgreSQL drops in behind the same interface. */
export const Store = Symbol.for('relayflow.Store');
export interface Store {
  readonly connectors: ConnectorStore;
  readonly executions: ExecutionStore;
  /** Stored workflows and their versions (contract §9). */
  readonly workflows: WorkflowStore;
  /** Stored API keys (hashed). */
  readonly apiKeys: ApiKeyStore;
  /** Claimed schedule fires. */
  readonly triggers: TriggerStore;
  /** The processes taking work from the queue: only in a store several nodes share. */
  readonly workers?: WorkerStore;
  /**
   * True for a store that several nodes (processes, machines) use at once, such as PostgreSQL:
   * then every node must be configured with the same encryption key (`encryptionKey` or
   * `RELAYFLOW_ENCRYPTION_KEY`) and none generates its own; Relayflow refuses to start without one.
   */
  readonly shared?: boolean;
  /** Opens the store and applies pending schema migrations. */
  open(): Promise<void>;
  /** Commits buffered writes and closes. */
  close(): Promise<void>;
}
