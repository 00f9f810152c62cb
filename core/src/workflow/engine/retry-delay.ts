import { DEFAULT_RETRY_AFTER_CAP_MS } from '../../http/response-classification';
import type { RetryPolicy } from '../compiled-workflow';

/**
 * How long to wait before retry number `retry` (1 = the first retry).
 *
 * - A connector's retry-at (HTTP `Retry-After`) wins: wait until then, capped at `max-delay`
 *   (or 5 minutes when the step sets none).
 * - `fixed`: `delay` every time. `exponential`: `delay × multiplier^(retry-1)`, capped at `max-delay`.
 * - `jitter`: a random wait between half and all of that.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAt?: Date, now = Date.now(), random = Math.random): number {
  if (retryAt) {
    const cap = policy.maxDelayMs ?? DEFAULT_RETRY_AFTER_CAP_MS;
    return Math.min(Math.max(retryAt.getTime() - now, 0), cap);
  }
  let wait = policy.strategy === 'exponential' ? policy.delayMs * policy.multiplier ** (retry - 1) : policy.delayMs;
  if (policy.maxDelayMs !== undefined) wait = Math.min(wait, policy.maxDelayMs);
  if (policy.jitter) wait = wait / 2 + random() * (wait / 2);
  return Math.round(wait);
}
