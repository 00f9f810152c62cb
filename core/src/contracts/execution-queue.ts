/** The round an execution's first run is enqueued as (later rounds are named by what made them due). */
export const FIRST_ROUND = '0';

/**
 * Hands stored executions to workers (contract §12: with PostgreSQL, `serve` enqueues and any
 * number of `relayflow worker` processes run; with the embedded store, `serve` hands them to its
 * execution threads). An execution is enqueued once it is stored without a holder; whichever
 * worker takes it claims it in the store (a lease) before running it, so a round handed out twice
 * still runs once.
 */
export interface ExecutionQueue {
  /**
   * Enqueues a round of an execution. Rounds with the same name are one: enqueuing one again
   * (another process's scan, a retry) does nothing.
   * @param round - names the round: `0` for the first run, then what made it due again
   */
  enqueue(executionId: string, round: string): Promise<void>;
  /**
   * Whether the queue can take another execution without building a backlog (the embedded
   * store's execution threads hold a bounded number): undefined when it can, else a promise that
   * resolves once it can. Asked before an execution is stored, so a caller that gives up waiting
   * leaves nothing behind. Absent: always room.
   */
  room?(): Promise<void> | undefined;
  /**
   * Resolves when an execution enqueued here ended or parked, when the queue runs it in this
   * process (execution threads): a caller following it reads its record then instead of polling
   * the store. Absent, or undefined for an execution it does not hold: poll.
   */
  ended?(executionId: string): Promise<void> | undefined;
}
