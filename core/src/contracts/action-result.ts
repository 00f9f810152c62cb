/** A successful action: `data` becomes the step's output. */
export interface ActionOk<D = unknown> {
  /** Always `ok`. */
  status: 'ok';
  /** The output: `steps.NAME.output`. */
  data: D;
}

/**
 * A failed action. `retry` says whether trying again may help: `true` (use the step's retry
 * policy), `false` (do not retry), or a `Date` (retry no earlier than then, e.g. from HTTP
 * `Retry-After`). `details` keeps structured data about the failure (e.g. the HTTP response).
 */
export interface ActionError {
  /** Always `error`. */
  status: 'error';
  /** What failed, for people. */
  message: string;
  /** What the remote service said, when it said something. */
  serviceMessage?: string;
  /** `true` retry per policy, `false` do not, a `Date` retry no earlier than then. */
  retry: boolean | Date;
  /** Structured data about the failure (e.g. the HTTP response); never secrets. */
  details?: Record<string, unknown>;
}

/** What an action's `execute` returns: {@link ok} or {@link error}. */
export type ActionResult<D = unknown> = ActionOk<D> | ActionError;

/**
 * A successful result.
 * @param data - the action's output (becomes `steps.NAME.output`)
 */
export function ok<D>(data: D): ActionOk<D> {
  return { status: 'ok', data };
}

/**
 * A failed result for a remote failure. Throw only for programming or configuration errors.
 * @param failure - `message` (what failed), `serviceMessage` (what the remote service said),
 *   `retry` (default false), `details` (structured data, never secrets)
 */
export function error(failure: {
  message: string;
  serviceMessage?: string;
  retry?: boolean | Date;
  details?: Record<string, unknown>;
}): ActionError {
  const result: ActionError = { status: 'error', message: failure.message, retry: failure.retry ?? false };
  if (failure.serviceMessage !== undefined) result.serviceMessage = failure.serviceMessage;
  if (failure.details !== undefined) result.details = failure.details;
  return result;
}

/** True when `value` looks like an {@link ActionResult}. */
export function isActionResult(value: unknown): value is ActionResult {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return status === 'ok' || (status === 'error' && typeof (value as { message?: unknown }).message === 'string');
}
