import type { ExecutionQueue } from './execution-queue';
import type { CompiledTrigger, CompiledWorkflow } from './compiled-workflow';
import type { ExecutionRecord, ExecutionTrigger } from './execution-record';

/** A stored workflow as the API shows it: its latest version and whether its triggers run (contract §9). */
export interface StoredWorkflow {
  /** The workflow's `name` (contract §9: `id` = name). */
  id: string;
  name: string;
  /** The latest version: 1 when created, one more on each replace. */
  version: number;
  /**
   * Whether it runs: its triggers fire and `start` accepts it. Set from the YAML's `enabled` when
   * a version says it (absent on create: true; absent on replace: unchanged), and flipped by
   * `setEnabled`, which wins over the YAML until a later version says `enabled` again.
   */
  enabled: boolean;
  /** The latest version's triggers, as compiled. */
  triggers: CompiledTrigger[];
  createdAt: string;
  updatedAt: string;
  /** The latest version's YAML (on `get`). */
  yaml?: string;
}

/** How to start a stored (or unsaved) workflow. */
export interface StartOptions {
  event?: unknown;
  inputs?: Record<string, unknown>;
  /** What started it; `{ type: 'manual', at: now }` when absent. */
  trigger?: ExecutionTrigger;
  signal?: AbortSignal;
  /** Long waits and retry delays park the execution (a durable timer); see `RunOptions.parkLongWaits`. */
  parkLongWaits?: boolean;
  /** Hand it to workers instead of running it here; see `RunOptions.queue`. */
  queue?: ExecutionQueue;
  /**
   * Start only a workflow whose latest version declares a trigger of this type (what a webhook
   * checks): else `WORKFLOW_NOT_FOUND`, as for an unknown one. Checked on the same read of the
   * store as the rest.
   */
  requireTrigger?: CompiledTrigger['type'];
}

/** An execution that has started: its id (already in the store) and its end. */
export interface StartedExecution {
  id: string;
  /** Resolves with the final record (a failed execution too); never rejects. */
  finished: Promise<ExecutionRecord>;
}

/**
 * Stored workflows (contract §9): versions kept, an enabled flag, compiled once per version.
 * The CLI's `relayflow workflows` and the REST routes are its clients. Every call reads the store,
 * so a change made by another process (`relayflow workflows deploy` beside a running server)
 * counts at once; compiled versions are cached (a version never changes).
 */
export const WorkflowLibrary = Symbol.for('relayflow.WorkflowLibrary');
export interface WorkflowLibrary {
  /**
   * Stores the workflow: version 1 when its name is new, else the next version; nothing when the
   * YAML is the latest version's, byte for byte (`changed: false`), so deploying on every push
   * does not pile up versions. Checked as `relayflow validate` checks it (connectors included).
   * @throws RelayflowError `WORKFLOW_INVALID` with every problem, located
   */
  deploy(yaml: string, file?: string): Promise<{ workflow: StoredWorkflow; created: boolean; changed: boolean }>;
  /** @throws RelayflowError `WORKFLOW_NAME_TAKEN` (409), `WORKFLOW_INVALID` */
  create(yaml: string, file?: string): Promise<StoredWorkflow>;
  /**
   * Stores the next version of workflow `id` (its `name` must stay `id`). Running executions keep the version they started with.
   * @throws RelayflowError `WORKFLOW_NOT_FOUND`, `WORKFLOW_INVALID`
   */
  replace(id: string, yaml: string, file?: string): Promise<StoredWorkflow>;
  /** @throws RelayflowError `WORKFLOW_NOT_FOUND` */
  get(id: string): Promise<StoredWorkflow>;
  list(): Promise<StoredWorkflow[]>;
  /** @throws RelayflowError `WORKFLOW_NOT_FOUND` */
  setEnabled(id: string, enabled: boolean): Promise<StoredWorkflow>;
  /**
   * Deletes the workflow (its triggers stop; running executions go on). Its versions stay in the
   * store for the executions that ran them; created again, it continues after its last version.
   * @throws RelayflowError `WORKFLOW_NOT_FOUND`
   */
  delete(id: string): Promise<void>;
  /**
   * A version compiled (cached by id and version: a webhook never parses YAML), with `version`
   * set and `enabled` = the stored flag. Default: the latest. Shared with other callers: read it,
   * never change it.
   * @throws RelayflowError `WORKFLOW_NOT_FOUND` (also for a version it does not have),
   *   `WORKFLOW_INVALID` when a stored version no longer compiles (a connector it names was deleted)
   */
  compiled(id: string, version?: number): Promise<CompiledWorkflow>;
  /**
   * Starts the latest version; resolves once the execution is stored (so its id can be returned).
   * The record carries `workflowVersion` and `trigger`. A disabled workflow is refused, whatever
   * the trigger (as GitHub refuses a manual run of a disabled workflow).
   * @throws RelayflowError `WORKFLOW_NOT_FOUND` (also without the `requireTrigger` trigger), `WORKFLOW_DISABLED`,
   *   `BAD_ARGUMENT` (inputs), before anything runs
   */
  start(id: string, options?: StartOptions): Promise<StartedExecution>;
}
