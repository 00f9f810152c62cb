import bytes from 'bytes';
import ms from 'ms';

const DURATION = /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d|w)\s*$/i;

/** The longest duration a timer can wait (Node's limit, about 24.8 days). */
export const MAX_DURATION_MS = 2_147_483_647;

/**
 * Parses a duration such as `500ms`, `30s`, `5m`, `2h`, `1d` (at most {@link MAX_DURATION_MS}).
 * @returns milliseconds, or undefined when the text is not a duration or is longer than that
 */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DURATION.test(text)) return undefined;
  const value = ms(text.trim().toLowerCase() as ms.StringValue);
  return typeof value === 'number' && Number.isFinite(value) && value <= MAX_DURATION_MS ? value : undefined;
}

/**
 * A wait as a timer can take it: at most {@link MAX_DURATION_MS} (Node fires a longer timer
 * after 1 ms), at least 0, and 0 for NaN. Every engine sleep and timeout goes through it.
 */
export function timerMs(milliseconds: number): number {
  return milliseconds > 0 ? Math.min(milliseconds, MAX_DURATION_MS) : 0;
}

/** Like {@link parseDuration}, but throws when the value was not validated first (a programming error). */
export function durationMs(text: string): number {
  const value = parseDuration(text);
  if (value === undefined) throw new Error(`not a duration: ${text}`);
  return value;
}

/**
 * Parses a byte size such as `1mb`, `512kb`, `2048` (bytes).
 * @returns bytes, or undefined when the text is not a size
 */
export function parseByteSize(text: unknown): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 0 ? text : undefined;
  if (typeof text !== 'string' || !/^\s*\d+(\.\d+)?\s*(b|kb|mb|gb)?\s*$/i.test(text)) return undefined;
  const value = bytes.parse(text.trim());
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Formats milliseconds for people: `850ms`, `1.2s`, `3m 4s`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)}s`;
  const minutes = Math.floor(milliseconds / 60_000);
  return `${minutes}m ${Math.round((milliseconds % 60_000) / 1000)}s`;
}
