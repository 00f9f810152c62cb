import type { CompiledWorkflow } from './compiled-workflow';
import type { ExecutionRecord, ExecutionTrigger, StepRecord } from './execution-record';
import type { Problem } from './problem';
import type { ExecutionQueue } from './execution-queue';

/**
 * Follows executions as they happen (the CLI's live progress, a server answering "202 +
 * execution id"). Step events (console output and dry-run calls included) carry the execution
 * id, so one observer can follow concurrent runs. Callbacks must not throw.
 */
export interface ExecutionObserver {
  /** The execution's record exists (and is stored, unless it is a dry run); no step has run yet. */
  executionStarted?(execution: ExecutionRecord): void;
  /** The execution ended: its record holds the final status. */
  executionFinished?(execution: ExecutionRecord): void;
  /**
   * The execution parked on a durable timer (a long `wait` or retry delay, with
   * `parkLongWaits`): it stays `running` in the store, and a resume continues it at `until`.
   */
  executionParked?(execution: ExecutionRecord, until: string): void;
  /** A step started (its record is `running`); `depth` is its nesting level. */
  stepStarted?(step: StepRecord, depth: number, executionId: string): void;
  /** An attempt failed and the step will be tried again after `delayMs`. */
  stepRetrying?(step: StepRecord, depth: number, delayMs: number, executionId: string): void;
  /** A step finished: completed, failed or skipped. */
  stepFinished?(step: StepRecord, depth: number, executionId: string): void;
  /** A `console` step printed `message`. */
  console?(step: StepRecord, message: unknown, executionId: string): void;
  /** `--dry-run`: a connector step would have sent these params. */
  dryRun?(step: StepRecord, invocation: { type: string; action: string; connector?: string; params: unknown }, executionId: string): void;
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
  /** What started it (default `{ type: 'manual', at: now }`); kept in the record. */
  trigger?: ExecutionTrigger;
  /**
   * Long waits and retry delays (over a few seconds) park the execution in the store (a durable
   * timer) instead of holding this process; the run then ends with the record still `running`,
   * and a process that resumes executions (`relayflow serve`, `relayflow worker`) continues it
   * when it is due. Off by default: the caller gets the final record.
   */
  parkLongWaits?: boolean;
  /**
   * Store the execution and hand it to workers through this queue instead of running it here
   * (`relayflow serve`: PostgreSQL's workers, or the embedded store's execution threads). `start`
   * resolves once it is stored and enqueued; its `finished` follows the record in the store.
   */
  queue?: ExecutionQueue;
}

/** How to resume an interrupted execution. */
export interface ResumeOptions {
  observer?: ExecutionObserver;
  /** Aborting it cancels the execution. */
  signal?: AbortSignal;
  /** As {@link RunOptions.parkLongWaits}. */
  parkLongWaits?: boolean;
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
  /**
   * As {@link run}, but resolves as soon as the execution is stored, with its id and a promise
   * of its final record (which never rejects).
   * @throws RelayflowError `WORKFLOW_INVALID`, `WORKFLOW_DISABLED` or `BAD_ARGUMENT` before anything runs
   */
  start(workflow: string | CompiledWorkflow, options?: RunOptions): Promise<{ id: string; finished: Promise<ExecutionRecord> }>;
  /**
   * Cancels an execution running in this process: the running step's signal fires and the record
   * ends `cancelled`. @returns false when no such execution runs here
   */
  cancel(executionId: string): boolean;
  /**
   * Resumes an execution left `running` by a process that is gone, or parked on a durable timer
   * (contract §12): steps recorded as ended are restored, the one in flight runs again with the
   * same idempotency key. Two processes never resume one execution (a lease in the store).
   * @returns the final record (still `running` when it parked again)
   * @throws RelayflowError `EXECUTION_NOT_FOUND`; `EXECUTION_NOT_RESUMABLE` when it ended or its
   *   process still runs it; `WORKFLOW_INVALID` when its workflow no longer compiles here
   */
  resume(executionId: string, options?: ResumeOptions): Promise<ExecutionRecord>;
  /**
   * The executions that can be resumed now: running ones whose process is gone (on this host:
   * its pid; elsewhere: a lease not renewed for 15 s), and parked ones that are due.
   */
  resumable(): Promise<string[]>;
  /**
   * Runs an execution a worker took from the queue: a queued one's first run, or a resume of one
   * whose process died or whose durable timer is due. Claims it first (a lease in the store).
   * @returns the final record (`running` when it parked); undefined when there was nothing to
   *   run: it ended, or a live process holds it (another worker took it)
   */
  runQueued(executionId: string, options?: ResumeOptions): Promise<ExecutionRecord | undefined>;
}
