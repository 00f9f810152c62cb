/** The round an execution's first run is enqueued as (later rounds are named by what made them due). */
export const FIRST_ROUND = '0';

/**
 * Hands stored executions to workers (contract §12: with PostgreSQL, `serve` enqueues and any
 * number of `relayflow worker` processes run). An execution is enqueued once it is stored without
 * a holder; whichever worker takes it claims it in the store (a lease) before running it, so a
 * round handed out twice still runs once.
 */
export interface ExecutionQueue {
  /**
   * Enqueues a round of an execution. Rounds with the same name are one: enqueuing one again
   * (another process's scan, a retry) does nothing.
   * @param round - names the round: `0` for the first run, then what made it due again
   */
  enqueue(executionId: string, round: string): Promise<void>;
}
