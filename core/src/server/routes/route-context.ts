import type { ExecutionQueue } from '../../contracts/execution-queue';
import type { FastifyInstance } from 'fastify';
import type { StartedExecution } from '../../contracts/workflow-library';
import type { RelayflowApi } from '../relayflow-api';

/** What every route file gets: the facade, and a way to start executions shutdown waits for. */
export interface RouteContext {
  readonly rf: RelayflowApi;
  /** Follows an execution so that shutdown waits for it; returns it unchanged. */
  track(started: StartedExecution): StartedExecution;
  /** Throws `SHUTTING_DOWN` once the server stops taking work. */
  assertAccepting(): void;
  /** Where executions go to run, on a PostgreSQL store (workers); absent: they run here. */
  readonly queue?: ExecutionQueue;
}

/** A file of routes: adds them to the app. */
export type Routes = (app: FastifyInstance, context: RouteContext) => void;
