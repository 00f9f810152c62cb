/**
 * The DI tokens of @relayflow/core, each beside the interface it stands for: one import gives
 * both. Hosts rebind these (Logger, Store, SecretProvider) in their own container before
 * `createRelayflow` to replace a service.
 */
import type { ActionResult } from './contracts/action-result';
import type { ConnectorRef, ConnectorType } from './contracts/connector-type';
import type { HttpRequest, HttpResponse } from './contracts/http-client';
import type { RelayflowConfig } from './config/relayflow-config';
import type { Problem } from './contracts/relayflow-error';
import type { CompiledWorkflow } from './workflow/compiled-workflow';

/** Where this Relayflow lives: its data dir, the directory relative paths resolve from, its environment. */
export const RuntimeEnvironment = Symbol.for('relayflow.RuntimeEnvironment');
export interface RuntimeEnvironment {
  dataDir: string;
  baseDir: string;
  configFile?: string;
  env: NodeJS.ProcessEnv;
}

/** The validated configuration (`relayflow.yaml` or the `config` object). */
export const Config = Symbol.for('relayflow.Config');
export type Config = RelayflowConfig;

/** Locates a config path in the config file, for problems found after loading. */
export const ConfigProblems = Symbol.for('relayflow.ConfigProblems');
export interface ConfigProblems {
  locate(path: ReadonlyArray<string | number>, message: string): Problem;
}

/**
 * The logger every Relayflow service and plugin writes to. Hosts bind their own implementation
 * to the `Logger` token. Fields are structured data; implementations must not throw.
 */
export const Logger = Symbol.for('relayflow.Logger');
/** The logger interface (see the `Logger` token). */
export interface Logger {
  /** Detail for debugging; off by default. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Normal operation. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something a user should look at. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed. */
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}


/**
 * The core's egress client. Every outbound request of Relayflow and of every plugin goes through
 * it, so allowed hosts, private-network denial, TLS, proxy, timeouts and size limits always apply.
 *
 * @throws RelayflowError `HOST_NOT_ALLOWED`, `PRIVATE_NETWORK_DENIED`, `HTTP_TIMEOUT`,
 *   `HTTP_ABORTED`, `RESPONSE_TOO_LARGE`, `NETWORK_ERROR`, `TLS_ERROR` when no response came back.
 */
export const HttpClient = Symbol.for('relayflow.HttpClient');
/** The egress client interface (see the `HttpClient` token). */
export interface HttpClient {
  /** Sends one request through the egress policy. @returns the response, whatever its status */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}


/** A registered connector type and the plugin that registered it. */
export interface RegisteredConnectorType {
  type: ConnectorType;
  pluginId: string;
}

/** Connector types by id. Frozen at start: a late `register` throws `REGISTRY_FROZEN`. */
export const ConnectorTypeRegistry = Symbol.for('relayflow.ConnectorTypeRegistry');
export interface ConnectorTypeRegistry {
  register(type: ConnectorType, pluginId: string): void;
  get(id: string): RegisteredConnectorType | undefined;
  list(): RegisteredConnectorType[];
  freeze(): void;
}

/** A plugin as loaded: where from and what it registered. */
export interface LoadedPlugin {
  id: string;
  packageName?: string;
  version?: string;
  /** Absolute path of the module (or `<object>` for plugin objects). */
  source: string;
  connectorTypes: string[];
}

/** Loads plugins and runs their lifecycle: setup in dependency order, start, stop in reverse. */
export const PluginHost = Symbol.for('relayflow.PluginHost');
export interface PluginHost {
  start(specs: ReadonlyArray<unknown> | undefined): Promise<void>;
  stop(): Promise<void>;
  loaded(): LoadedPlugin[];
}

/** Secrets sealed for storage: the ciphertext and the id of the key that sealed them. */
export interface SealedSecrets {
  ciphertext: string;
  keyId: string;
}

/** What secrets are bound to: a ciphertext opens only for the same connector id and type. */
export interface SecretBinding {
  connectorId: string;
  connectorType: string;
  connectorName: string;
}

/** Encrypts and decrypts connector secrets at rest. */
export const SecretProvider = Symbol.for('relayflow.SecretProvider');
export interface SecretProvider {
  seal(secrets: Record<string, unknown>, binding: SecretBinding): Promise<SealedSecrets>;
  /** @throws RelayflowError `DECRYPTION_FAILED` (code 2) with a plain-words reason */
  open(sealed: SealedSecrets, binding: SecretBinding): Promise<Record<string, unknown>>;
  /** True when `keyId` is the current key (no re-encryption needed). */
  isCurrent(keyId: string): boolean;
  /** @throws RelayflowError `DECRYPTION_FAILED` when any key id is unknown to this provider */
  assertKnownKeys(keyIds: string[]): void;
}

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

/** The error shape in records (contract §6). */
export interface RecordedError {
  type: string;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

/** Execution statuses (contract §6); `running` only while (or if a crash left it) running. */
export type ExecutionStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'timed_out';
/** Step statuses (contract §6); `running` only while running. */
export type StepStatus = 'running' | 'completed' | 'failed' | 'skipped';

/** One step result in an execution record. */
export interface StepRecord {
  name: string;
  type: string;
  status: StepStatus;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  output: unknown;
  error: RecordedError | null;
  /** Index in a step-level or block `foreach`, when the step ran in one. */
  foreachIndex?: number;
}

/** The execution record (contract §6). */
export interface ExecutionRecord {
  id: string;
  workflow: { id: string; name: string };
  status: ExecutionStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: RecordedError | null;
  steps: StepRecord[];
}

/** What an execution started from, kept so an execution can be inspected or resumed. */
export interface ExecutionInput {
  yaml: string;
  event: unknown;
  inputs: Record<string, unknown>;
}

/** A row of `executions list`. */
export type ExecutionSummary = Omit<ExecutionRecord, 'steps'> & { stepCount: number };

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

/** A connector as the public API shows it: never any secret. */
export interface Connector {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  isPreconfigured: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** What `connectors.create` takes. */
export interface ConnectorInput {
  type: string;
  name: string;
  id?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** What `connectors.update` takes: each given field replaces the stored one. */
export interface ConnectorUpdate {
  name?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** A connector with its validated config and decrypted secrets, for running actions only. */
export interface ResolvedConnector {
  ref: ConnectorRef;
  type: ConnectorType;
  config: object;
  secrets: object;
  /** Every secret string, for redaction. */
  secretValues: string[];
}

/** Connector CRUD with validation, name/id resolution, encryption and preconfigured connectors. */
export const ConnectorService = Symbol.for('relayflow.ConnectorService');
export interface ConnectorService {
  /**
   * Validates the preconfigured connectors of the config; called once at start, after plugins
   * registered their types.
   * @throws RelayflowError `CONFIG_INVALID` with a located problem per bad connector
   */
  loadPreconfigured(): Promise<void>;
  /** @throws RelayflowError `VALIDATION_FAILED` (every problem with its field path), `CONNECTOR_NAME_TAKEN`, `CONNECTOR_TYPE_NOT_FOUND` */
  create(input: ConnectorInput): Promise<Connector>;
  /** @throws RelayflowError `CONNECTOR_READ_ONLY` for preconfigured connectors, and as create */
  update(idOrName: string, patch: ConnectorUpdate): Promise<Connector>;
  /** @throws RelayflowError `CONNECTOR_NOT_FOUND`, `CONNECTOR_READ_ONLY` */
  delete(idOrName: string): Promise<void>;
  /** @throws RelayflowError `CONNECTOR_NOT_FOUND` */
  get(idOrName: string): Promise<Connector>;
  find(idOrName: string): Promise<Connector | undefined>;
  list(): Promise<Connector[]>;
  /** The connector with decrypted secrets, cached until it changes. Internal: never expose the result. */
  resolve(idOrName: string): Promise<ResolvedConnector>;
}

/** One action invocation. */
export interface ActionInvocation {
  /** Connector type id (`jira`). */
  type: string;
  /** Action name; the type's default when absent. */
  action?: string;
  /** Connector name or id, when the action uses one. */
  connector?: string;
  /** Unvalidated params (the rendered `with`). */
  params: unknown;
  /** What params are called in problem paths: `with` in a workflow step, `params` (default) elsewhere. */
  paramsLabel?: string;
  signal?: AbortSignal;
}

/** Runs connector actions: resolves the connector, validates params, redacts secrets from the result. */
export const ActionExecutor = Symbol.for('relayflow.ActionExecutor');
export interface ActionExecutor {
  /**
   * @returns the action's result (remote failures are `status: 'error'`, never thrown)
   * @throws RelayflowError for bad input: unknown type/action/connector, invalid params
   */
  execute(invocation: ActionInvocation): Promise<ActionResult>;
  /** Runs the connector type's `test`, or throws `ACTION_NOT_FOUND` when it has none. */
  test(connector: string, signal?: AbortSignal): Promise<ActionResult>;
}

/** Follows an execution as it happens (the CLI's live progress). Callbacks must not throw. */
export interface ExecutionObserver {
  /** A step started (its record is `running`); `depth` is its nesting level. */
  stepStarted?(step: StepRecord, depth: number): void;
  /** An attempt failed and the step will be tried again after `delayMs`. */
  stepRetrying?(step: StepRecord, depth: number, delayMs: number): void;
  /** A step finished: completed, failed or skipped. */
  stepFinished?(step: StepRecord, depth: number): void;
  /** A `console` step printed `message`. */
  console?(step: StepRecord, message: unknown): void;
  /** `--dry-run`: a connector step would have sent these params. */
  dryRun?(step: StepRecord, invocation: { type: string; action: string; connector?: string; params: unknown }): void;
}

/** How to run a workflow once. */
export interface RunOptions {
  /** The trigger payload (`event`); default `{}`. */
  event?: unknown;
  /** Values for the declared inputs; text is converted to the declared type. */
  inputs?: Record<string, unknown>;
  /** Aborting it cancels the execution: in-flight requests are aborted, the status is `cancelled`. */
  signal?: AbortSignal;
  /** Render every step and print connector params, but send nothing and store nothing. */
  dryRun?: boolean;
  observer?: ExecutionObserver;
  /** The file name used in validation messages (default `workflow.yaml`). */
  file?: string;
}

/** Validates and runs workflows (contract §4-6). */
export const WorkflowService = Symbol.for('relayflow.WorkflowService');
export interface WorkflowService {
  /** Every problem of a workflow (empty when valid), each located as FILE:LINE:COL. */
  validate(yaml: string, file?: string): Promise<Problem[]>;
  /** @throws RelayflowError `WORKFLOW_INVALID` (exit code 2) with every problem */
  compile(yaml: string, file?: string): Promise<CompiledWorkflow>;
  /**
   * Validates (when given YAML) and runs a workflow once, recording the execution and each
   * step result in the store as they happen.
   * @returns the execution record; a failed execution is a record with status `failed`, not a throw
   * @throws RelayflowError `WORKFLOW_INVALID` or `BAD_ARGUMENT` (bad inputs) before anything runs
   */
  run(workflow: string | CompiledWorkflow, options?: RunOptions): Promise<ExecutionRecord>;
}
