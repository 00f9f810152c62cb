import type { ConnectorLimits } from '../contracts/connector-limiter';
import type { ExecutionOwner } from '../contracts/store';
import type { ExecutionStatus } from '../contracts/execution-record';
import type { LogFormat } from '../logging/log-destination';
import { PROCESS_OWNER_KEY } from '../workflow/resume/execution-holder';
import { ERROR_TABLE, type RelayflowErrorCode } from '../errors/error-table';
import { RelayflowError } from '../errors/relayflow-error';

/**
 * What an execution thread builds its Relayflow from: what `relayflow serve` was started with
 * (anything else a thread finds as the main thread does: the same working directory and
 * environment, so the same relayflow.yaml, plugins, data dir and key).
 */
export interface ThreadRelayflowOptions {
  configFile?: string;
  dataDir?: string;
}

/** An error as it crosses between threads: its code (a RelayflowError's) and message. */
export interface ThreadError {
  code?: RelayflowErrorCode;
  message: string;
}

/** An error as a message can carry it. */
export function threadError(err: unknown): ThreadError {
  return { code: RelayflowError.is(err) ? err.code : undefined, message: (err as Error)?.message ?? String(err) };
}

/** The RelayflowError a carried error was (INTERNAL when it was another error). */
export function fromThreadError(error: ThreadError): RelayflowError {
  return new RelayflowError(error.code && error.code in ERROR_TABLE ? error.code : 'INTERNAL', error.message);
}

/** An execution thread's `workerData`. */
export interface ExecutionThreadData {
  relayflow: ThreadRelayflowOptions;
  /** How the main thread writes log lines (a thread's stderr is no terminal: it could not tell). */
  logFormat: LogFormat;
  /** The process's owner: the thread holds executions as the process. */
  [PROCESS_OWNER_KEY]: ExecutionOwner;
}

/** A request for a slot under a connector's limits, from a thread to the main thread's limiter. */
export interface SlotRequest {
  ticket: number;
  connectorId: string;
  limits: ConnectorLimits;
  executionId?: string;
  stepId?: string;
  attempt?: number;
}

/** From the main thread to an execution thread. */
export type ToThread =
  /** Run this stored execution (its first run, or a resume): claim it, run it, say when it ended. */
  | { run: string }
  /** Cancel this execution, should it run here. */
  | { cancel: string }
  /** The slot asked for with this ticket is the thread's (`granted`) or will not be (`refused`). */
  | { granted: number }
  | { refused: number; error: ThreadError }
  /** Stop the thread's Relayflow (nothing runs there any more), then exit. */
  | { stop: true };

/** From an execution thread to the main thread. */
export type FromThread =
  /** The thread's Relayflow started: it takes executions now. */
  | { ready: true }
  /** It could not start (bad configuration, a plugin that does not load): why, as the main thread would say it. */
  | { failed: ThreadError }
  /** An execution handed to the thread ended, parked (`running`), or was not the thread's to run (no status). */
  | { ended: string; status?: ExecutionStatus }
  /** Limits: wait for a slot; give one back; stop waiting for one (the step was cancelled). */
  | { acquire: SlotRequest }
  | { release: number }
  | { abandon: number };
