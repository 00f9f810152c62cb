import { error, type ActionError } from '../contracts/action-result';
import type { HttpResponse } from '../contracts/http-client';
import { RelayflowError, type RelayflowErrorCode } from '../contracts/relayflow-error';

/** The longest a `Retry-After` may make a step wait unless the step allows more (5 minutes). */
export const DEFAULT_RETRY_AFTER_CAP_MS = 5 * 60_000;

const DELTA_SECONDS = /^\s*\d+\s*$/;
/** IMF-fixdate, RFC 850 and asctime dates all start with the day name. */
const HTTP_DATE = /^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i;

/**
 * Reads `Retry-After` (delta-seconds or an HTTP-date).
 * @param now - the current time (ms), for tests
 * @param capMs - the longest wait honoured; a later date is capped to now + capMs
 * @returns when to retry (never before now), or undefined when the header is absent or unreadable
 */
export function parseRetryAfter(headers: Record<string, string | undefined>, now = Date.now(), capMs = DEFAULT_RETRY_AFTER_CAP_MS): Date | undefined {
  const raw = headers['retry-after'] ?? headers['Retry-After'];
  if (raw === undefined) return undefined;
  let at: number;
  if (DELTA_SECONDS.test(raw)) at = now + Number(raw.trim()) * 1000;
  else if (HTTP_DATE.test(raw)) {
    at = Date.parse(raw);
    if (Number.isNaN(at)) return undefined;
  } else return undefined;
  return new Date(Math.min(Math.max(at, now), now + capMs));
}

/** True for 2xx. */
export function isSuccess(res: Pick<HttpResponse, 'status'>): boolean {
  return res.status >= 200 && res.status < 300;
}

/**
 * Whether (and when) a failed response is worth retrying: 429 and 5xx → at `Retry-After` when
 * the response has one, else true; any other status → false.
 */
export function retryFor(res: Pick<HttpResponse, 'status' | 'headers'>): boolean | Date {
  if (res.status === 429 || res.status >= 500) return parseRetryAfter(res.headers) ?? true;
  return false;
}

/** A short excerpt of a response body for messages (never the whole body). */
export function bodyExcerpt(data: unknown, max = 200): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * What the service said, for `serviceMessage`: a JSON body's `message` / `error_description` /
 * `error` when it has one, else a short excerpt of the body.
 */
export function serviceMessageOf(data: unknown): string | undefined {
  if (data && typeof data === 'object' && !Buffer.isBuffer(data)) {
    const d = data as Record<string, unknown>;
    for (const key of ['message', 'error_description', 'errorMessage', 'error']) {
      const v = d[key];
      if (typeof v === 'string' && v) return bodyExcerpt(v);
      if (v && typeof v === 'object') return bodyExcerpt(v);
    }
  }
  return bodyExcerpt(data) || undefined;
}

/** `503 Service Unavailable — <excerpt>`: the status, its text and a short excerpt of the body. */
export function describeResponse(res: Pick<HttpResponse, 'status' | 'statusText' | 'data'>): string {
  const excerpt = bodyExcerpt(res.data);
  return `${res.status}${res.statusText ? ` ${res.statusText}` : ''}${excerpt ? ` — ${excerpt}` : ''}`;
}

/**
 * An error result for a non-2xx response: the message carries the status, status text and a
 * short body excerpt; `retry` follows {@link retryFor}; the response is kept in `details`.
 * @param message - what failed, e.g. "error posting slack message"
 */
export function httpErrorResult(res: HttpResponse, message: string, serviceMessage?: string): ActionError {
  return error({
    message: `${message}: ${describeResponse(res)}`,
    serviceMessage: serviceMessage ?? serviceMessageOf(res.data),
    retry: retryFor(res),
    details: { response: { status: res.status, statusText: res.statusText, headers: res.headers, data: res.data } },
  });
}

/** Egress failures worth retrying: the service may answer next time. */
const RETRYABLE_REQUEST_CODES: ReadonlySet<RelayflowErrorCode> = new Set<RelayflowErrorCode>(['NETWORK_ERROR', 'HTTP_TIMEOUT']);

/** True for an egress failure worth retrying (a network error or a timeout). */
export function isRetryableRequestCode(code: RelayflowErrorCode | undefined): boolean {
  return code !== undefined && RETRYABLE_REQUEST_CODES.has(code);
}

/**
 * An error result for a request the egress client rejected (nothing usable came back):
 * network errors and timeouts are retryable; refusals (allowedHosts, private networks), an
 * oversized response and an abort are not. Anything that is not an egress failure is rethrown.
 * @param message - what failed, e.g. "error calling http"
 */
export function requestErrorResult(err: unknown, message: string): ActionError {
  if (!RelayflowError.is(err)) throw err;
  return error({
    message: `${message}: ${err.message}`,
    retry: isRetryableRequestCode(err.code),
    details: { ...(err.details ?? {}), code: err.code },
  });
}
