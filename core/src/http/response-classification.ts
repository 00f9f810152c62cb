import { error, type ActionError } from '../contracts/action-result';
import type { HttpResponse } from '../contracts/http-client';

/** The longest a `Retry-After` may make a step wait unless the step allows more (5 minutes). */
export const DEFAULT_RETRY_AFTER_CAP_MS = 5 * 60_000;

/**
 * Reads `Retry-After` (delta-seconds or an HTTP-date).
 * @param now - the current time (ms), for tests
 * @param capMs - the longest wait honoured; a later date is capped to now + capMs
 * @returns when to retry, or undefined when the header is absent or unreadable
 */
export function parseRetryAfter(headers: Record<string, string | undefined>, now = Date.now(), capMs = DEFAULT_RETRY_AFTER_CAP_MS): Date | undefined {
  const raw = headers['retry-after'] ?? headers['Retry-After'];
  if (raw === undefined || raw.trim() === '') return undefined;
  let at: number;
  if (/^\s*\d+\s*$/.test(raw)) at = now + Number(raw.trim()) * 1000;
  else {
    const parsed = Date.parse(raw);
    if (Number.isNaN(parsed)) return undefined;
    at = parsed;
  }
  return new Date(Math.min(Math.max(at, now), now + capMs));
}

/** True for 2xx. */
export function isSuccess(res: Pick<HttpResponse, 'status'>): boolean {
  return res.status >= 200 && res.status < 300;
}

/**
 * Whether (and when) a failed response is worth retrying: 429 → at `Retry-After` (or true),
 * 5xx → true, any other status → false.
 */
export function retryFor(res: Pick<HttpResponse, 'status' | 'headers'>): boolean | Date {
  if (res.status === 429) return parseRetryAfter(res.headers) ?? true;
  return res.status >= 500;
}

/** A short excerpt of a response body for messages (never the whole body). */
export function bodyExcerpt(data: unknown, max = 200): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * An error result for a non-2xx response: the message carries the status, status text and a
 * short body excerpt; `retry` follows {@link retryFor}; the response is kept in `details`.
 * @param message - what failed, e.g. "error posting slack message"
 */
export function httpErrorResult(res: HttpResponse, message: string, serviceMessage?: string): ActionError {
  const excerpt = bodyExcerpt(res.data);
  return error({
    message: `${message}: ${res.status} ${res.statusText}${excerpt ? ` — ${excerpt}` : ''}`,
    serviceMessage: serviceMessage ?? (excerpt || undefined),
    retry: retryFor(res),
    details: { response: { status: res.status, statusText: res.statusText, headers: res.headers, data: res.data } },
  });
}
