import { error, type ActionError } from '../contracts/action-result';
import type { HttpResponse } from '../contracts/http-client';
import { RelayflowError } from '../errors/relayflow-error';
import { errorInfo, isErrorCode } from '../errors/error-info';
import type { RelayflowErrorCode } from '../errors/error-table';
import { CUT_MARK, REDACTED } from '../secrets/redaction';

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

/**
 * A short excerpt of a response body for messages (never the whole body), cut at `max`
 * characters and marked with `…`. An action's responses reach it with the connector's secrets
 * already replaced by `[REDACTED]` (the egress client redacts them before the plugin sees the
 * response), so the cut never lands inside a secret; nor does it split a `[REDACTED]`.
 */
export function bodyExcerpt(data: unknown, max = 200): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data);
  const flat = (text ?? String(data)).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${cutBefore(flat, max)}${CUT_MARK}` : flat;
}

/** The first `max` characters of `text`, shorter when that would split a `[REDACTED]`. */
function cutBefore(text: string, max: number): string {
  const marker = text.lastIndexOf(REDACTED, max - 1);
  return marker >= 0 && marker + REDACTED.length > max ? text.slice(0, marker) : text.slice(0, max);
}

/**
 * What the service said, for `serviceMessage`, from a JSON body (parsed, or JSON text): its
 * `message` / `error_description` / `errorMessage` / `error` (a string, or an object's
 * `message`), followed by the reasons in Jira's error shape, which many APIs share:
 * every `errorMessages` entry, then every `errors` entry (`field: reason` for an object, each
 * reason for a list), joined with `; `. Without any of these, a short excerpt of the body.
 * @returns at most about 200 characters, or undefined for an empty body
 */
export function serviceMessageOf(data: unknown): string | undefined {
  const body = typeof data === 'string' ? jsonObjectIn(data) ?? data : data;
  if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
    const reasons = reasonsOf(body as Record<string, unknown>);
    if (reasons.length) return bodyExcerpt(reasons.join('; '));
  }
  return bodyExcerpt(data) || undefined;
}

function reasonsOf(body: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  for (const key of ['message', 'error_description', 'errorMessage', 'error']) {
    const v = body[key];
    if (typeof v === 'string' && v.trim()) {
      reasons.push(v.trim());
      break;
    }
    if (v && typeof v === 'object') {
      const nested = (v as { message?: unknown }).message;
      reasons.push(typeof nested === 'string' && nested.trim() ? nested.trim() : JSON.stringify(v));
      break;
    }
  }
  const { errorMessages, errors } = body;
  if (Array.isArray(errorMessages)) reasons.push(...errorMessages.map(reasonText).filter(Boolean));
  if (Array.isArray(errors)) reasons.push(...errors.map(reasonText).filter(Boolean));
  else if (errors && typeof errors === 'object') {
    for (const [field, v] of Object.entries(errors)) {
      const text = reasonText(v);
      if (text) reasons.push(`${field}: ${text}`);
    }
  }
  return reasons;
}

/** A reason's text: a string, a list of strings, an object's `message`, else its JSON. */
function reasonText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x) => x.trim()).filter(Boolean).join(', ');
  const message = typeof v === 'object' ? (v as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message.trim() ? message.trim() : JSON.stringify(v);
}

/** The object a text holds when it is a JSON object (a JSON answer sent as text/plain). */
function jsonObjectIn(text: string): object | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
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

/**
 * True for a failure worth retrying: the error table marks the code retryable (a network error
 * or a timeout; the service may answer next time).
 */
export function isRetryableRequestCode(code: RelayflowErrorCode | undefined): boolean {
  return isErrorCode(code) && errorInfo(code).retryable;
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
