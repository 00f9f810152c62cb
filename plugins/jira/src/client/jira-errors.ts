import { httpErrorResult, requestErrorResult, type ActionError, type HttpResponse } from '@relayflow/sdk';

/**
 * Jira's own reason for a failure, from its standard error body
 * `{ errorMessages: string[], errors: { field: message } }`: every message, then every field
 * error as `field: message`, joined with `; `. Undefined when the body is not Jira's error shape.
 */
export function jiraReason(data: unknown): string | undefined {
  const body = typeof data === 'string' ? parseJson(data) : data;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) {
    for (const m of errorMessages) if (typeof m === 'string' && m.trim()) parts.push(m.trim());
  }
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
    for (const [field, m] of Object.entries(errors)) {
      const text = typeof m === 'string' ? m : JSON.stringify(m);
      if (text.trim()) parts.push(`${field}: ${text.trim()}`);
    }
  }
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * The error result for a non-2xx Jira response. The message says what failed, Jira's status and
 * Jira's reason (`errorMessages` / `errors`); `serviceMessage` is the reason alone; `retry`
 * follows the SDK: 429 → at `Retry-After`, 5xx → true, other 4xx → false.
 *
 * @param operation - what was attempted, e.g. `Unable to create an issue in project ENG`
 */
export function jiraErrorResult(operation: string, res: HttpResponse): ActionError {
  const base = httpErrorResult(res, operation);
  const reason = jiraReason(res.data);
  const status = `Jira answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  const wait = base.retry instanceof Date ? ` (rate limited; retry after ${base.retry.toISOString()})` : res.status === 429 ? ' (rate limited)' : '';
  if (!reason) return { ...base, message: `${operation}: ${status}${wait}${excerptOf(base.message, operation, res)}` };
  return { ...base, message: `${operation}: ${status}${wait}. Reason: ${reason}`, serviceMessage: reason };
}

/**
 * The error result for a request that got no response (refused host, timeout, network, abort):
 * the SDK's {@link requestErrorResult} (network errors and timeouts retry, refusals do not).
 * @throws whatever `err` is when it is not an egress failure
 */
export function transportErrorResult(operation: string, err: unknown): ActionError {
  return requestErrorResult(err, operation);
}

/** An error result for a 2xx response whose body is not what Jira sends. */
export function unexpectedResponse(operation: string, res: HttpResponse, what: string): ActionError {
  const base = httpErrorResult(res, operation);
  return { ...base, message: `${operation}: Jira answered ${res.status} but ${what}`, retry: false };
}

function excerptOf(message: string, operation: string, res: HttpResponse): string {
  // httpErrorResult appends " — <body excerpt>" after the status; keep that excerpt.
  const prefix = `${operation}: ${res.status} ${res.statusText}`;
  return message.startsWith(prefix) ? message.slice(prefix.length) : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
