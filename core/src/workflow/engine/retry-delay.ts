import { DEFAULT_RETRY_AFTER_CAP_MS } from '../../http/response-classification';
import { MAX_DURATION_MS } from '../../validation/units';
import type { RetryPolicy } from '../../contracts/compiled-workflow';

/**
 * How long to wait before retry number `retry` (1 = the first retry).
 *
 * - A connector's retry-at (HTTP `Retry-After`) wins: wait until then, capped at `max-delay`
 *   (or 5 minutes when the step sets none).
 * - `fixed`: `delay` every time. `exponential`: `delay × multiplier^(retry-1)`, capped at `max-delay`.
 * - `jitter`: a random wait between half and all of that.
 * - Never longer than a timer can wait ({@link MAX_DURATION_MS}), however far exponential
 *   growth without `max-delay` goes.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAt?: Date, now = Date.now(), random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  if (retryAt) {
    return Math.min(Math.max(retryAt.getTime() - now, 0), policy.maxDelayMs === undefined ? DEFAULT_RETRY_AFTER_CAP_MS : cap);
  }
  // Capped before jitter: delay × multiplier^n can reach Infinity, and Infinity × 0 is NaN.
  let wait = Math.min(policy.strategy === 'exponential' ? policy.delayMs * policy.multiplier ** (retry - 1) : policy.delayMs, cap);
  if (policy.jitter) wait = wait / 2 + random() * (wait / 2);
  return Math.min(Math.round(wait), MAX_DURATION_MS);
}
