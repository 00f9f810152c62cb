/**
 * A connector's `limits` (contract §12): at most `concurrency` of its actions in flight and at
 * most `rate` action starts (`"10/s"`, `"100/min"`, `"5/10s"`), counted over every process that
 * shares the store.
 */
export interface ConnectorLimits {
  concurrency?: number;
  rate?: string;
}

/** One action about to start under its connector's limits. */
export interface LimitRequest {
  connectorId: string;
  limits: ConnectorLimits;
  /** The execution and step asking (absent for one-off actions such as `connectors execute`). */
  executionId?: string;
  stepId?: string;
  attempt?: number;
  /** Waiting ends with the signal's reason when it fires. */
  signal?: AbortSignal;
}

/** Gives back the slot taken by `acquire`. */
export type LimitRelease = () => Promise<void>;

/**
 * Holds actions back until their connector's limits allow them. The embedded store's limiter
 * counts in this process; the PostgreSQL store's counts across every worker.
 */
export const ConnectorLimiter = Symbol.for('relayflow.ConnectorLimiter');
export interface ConnectorLimiter {
  /** Waits until one more action may start; the caller must call the release when it ends. */
  acquire(request: LimitRequest): Promise<LimitRelease>;
}
