import type { ExecutionRecord } from './execution-record';
import type { Logger } from './logger';
import type { StartedExecution, StartOptions } from './workflow-library';

/** What `relayflow serve` gives a {@link TriggerSource} when it starts it. */
export interface TriggerContext {
  /**
   * Starts the latest version of a stored workflow (as `WorkflowLibrary.start`). The server
   * tracks the execution, so on SIGTERM it waits for it within `server.shutdownGrace`.
   * @throws RelayflowError `WORKFLOW_NOT_FOUND`, `BAD_ARGUMENT`, `SHUTTING_DOWN` once the server stops
   */
  start(workflowId: string, options: StartOptions): Promise<StartedExecution>;
  /**
   * Resumes an execution interrupted by a crash or parked and due (as `Executions.resume`, long
   * waits parking again), tracked like {@link start}'s.
   * @returns its end (the final record, or `running` when it parked again)
   * @throws RelayflowError `EXECUTION_NOT_RESUMABLE` (another process took it), `SHUTTING_DOWN`
   */
  resume(executionId: string): Promise<ExecutionRecord>;
  /** The server's logger, for the source's own lines. */
  readonly logger: Logger;
}

/**
 * Something that starts stored workflows on its own: a scheduler, a queue consumer. The webhook
 * trigger is a route of the server; every other trigger kind is a source. `relayflow serve`
 * starts each source bound to this token (`container.bind(TriggerSource).toConstantValue(...)`,
 * several allowed) as a lifecycle part after the HTTP server, so it stops first: a source stops
 * firing before the server waits for the executions still running.
 */
export const TriggerSource = Symbol.for('relayflow.TriggerSource');
/** A trigger source (see the `TriggerSource` token). */
export interface TriggerSource {
  /** Names the source in logs and in the lifecycle (`trigger:NAME`). */
  readonly name: string;
  /** Begins firing; resolves once it is running. */
  start(context: TriggerContext): void | Promise<void>;
  /** Stops firing; executions it started are the server's to wait for. */
  stop(): void | Promise<void>;
}
