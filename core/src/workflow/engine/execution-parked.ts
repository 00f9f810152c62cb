/**
 * Waits longer than this park the execution (a durable timer) when its host resumes parked
 * executions (a server or worker); shorter ones are slept in the process.
 */
export const PARK_AFTER_MS = 5_000;

/**
 * Thrown through the steps when the execution parks on a durable timer: not a failure. The
 * engine stores the due time and lets the execution go; a resume continues it when due.
 */
export class ExecutionParked extends Error {
  constructor(readonly until: Date) {
    super(`the execution is parked until ${until.toISOString()}`);
    this.name = 'ExecutionParked';
  }
}
