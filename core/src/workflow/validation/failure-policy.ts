import { parseDuration } from '../../validation/units';
import type { FieldPath } from '../../validation/class-validation';
import type { RetryPolicy } from '../../contracts/compiled-workflow';
import type { ProblemSink } from './problem-sink';

/** The wait before the first retry when `delay` is not given. */
export const DEFAULT_RETRY_DELAY_MS = 1000;
/** The growth factor of `strategy: exponential` when `multiplier` is not given. */
export const DEFAULT_MULTIPLIER = 2;

/**
 * Resolves a `retry` mapping (already shape-checked) and reports contradictory settings:
 * `multiplier` without `strategy: exponential`, `max-delay` below `delay`. `max-delay` is
 * allowed with either strategy: it caps the exponential growth and a connector's retry-at.
 */
export function resolveRetry(plain: unknown, path: FieldPath, sink: ProblemSink): RetryPolicy | undefined {
  if (!plain || typeof plain !== 'object' || Array.isArray(plain)) return undefined;
  const r = plain as Record<string, unknown>;
  const maxAttempts = typeof r['max-attempts'] === 'number' && Number.isInteger(r['max-attempts']) && r['max-attempts'] >= 1 ? r['max-attempts'] : 1;
  const delayMs = parseDuration(r.delay) ?? DEFAULT_RETRY_DELAY_MS;
  const strategy = r.strategy === 'exponential' ? 'exponential' : 'fixed';
  const maxDelayMs = parseDuration(r['max-delay']);
  if (r.multiplier !== undefined && strategy !== 'exponential') {
    sink.add([...path, 'multiplier'], 'multiplier only applies to strategy: exponential; add strategy: exponential or remove multiplier', 'key');
  }
  if (maxDelayMs !== undefined && maxDelayMs < delayMs) {
    sink.add([...path, 'max-delay'], `max-delay (${String(r['max-delay'])}) is shorter than delay (${r.delay === undefined ? '1s, the default' : String(r.delay)}); the longest wait cannot be shorter than the first`);
  }
  return {
    maxAttempts,
    delayMs,
    strategy,
    multiplier: typeof r.multiplier === 'number' && r.multiplier >= 1 ? r.multiplier : DEFAULT_MULTIPLIER,
    maxDelayMs,
    jitter: r.jitter === true,
  };
}
