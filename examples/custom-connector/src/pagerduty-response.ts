import { bodyExcerpt, serviceMessageOf } from '@relayflow/sdk';

/**
 * Reading a service's answer defensively. A response body is whatever the service (or a proxy,
 * a load balancer, a maintenance page in front of it) sent: JSON of any shape, text, HTML,
 * nothing. Never assume the documented shape: check each field's type before using it, and fall
 * back to something a person can act on.
 */

/** What PagerDuty's 202 says: its `status`, `message` and `dedup_key`, each only when it is text. */
export interface Accepted {
  status?: string;
  message?: string;
  dedupKey?: string;
}

/** The fields of a 202 answer that are text; none when the body is not a JSON object. */
export function acceptedOf(data: unknown): Accepted {
  const body = objectOf(data);
  const out: Accepted = {};
  const status = textField(body, 'status');
  const message = textField(body, 'message');
  const dedupKey = textField(body, 'dedup_key');
  if (status !== undefined) out.status = status;
  if (message !== undefined) out.message = message;
  if (dedupKey !== undefined) out.dedupKey = dedupKey;
  return out;
}

/**
 * Why PagerDuty refused an event (a 400), at most about 200 characters: its `errors` — documented
 * as a list of strings, but read as whatever came: a string, a list of strings or objects, an
 * object of `field: reason(s)` — else its `message`, else an excerpt of the body (text, HTML, a
 * JSON list), else a fixed sentence.
 */
export function rejectionReason(data: unknown): string {
  const body = objectOf(data);
  const reasons = body ? reasonsIn(body.errors) : [];
  if (reasons.length) return bodyExcerpt(reasons.join('; '));
  const message = textField(body, 'message');
  if (message !== undefined) return bodyExcerpt(message);
  return serviceMessageOf(data) ?? 'the event was refused, and the answer gave no reason';
}

/** The reasons in an `errors` value of any shape (one level deep: deeper values are shown as JSON). */
function reasonsIn(errors: unknown): string[] {
  if (Array.isArray(errors)) return errors.map(reasonText).filter((r) => r !== '');
  if (errors !== null && typeof errors === 'object') {
    return Object.entries(errors).map(([field, reason]) => {
      const text = Array.isArray(reason) ? reason.map(reasonText).filter((r) => r !== '').join(', ') : reasonText(reason);
      return text ? `${field}: ${text}` : '';
    }).filter((r) => r !== '');
  }
  return [reasonText(errors)].filter((r) => r !== '');
}

/** One reason as text: a string as it is, an object's `message`, a number or boolean as text, anything else as JSON. */
function reasonText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const message = textField(objectOf(value), 'message');
  if (message !== undefined) return message;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '(an unreadable value)'; // too deep or cyclic: never let a reason crash the action
  }
}

/** The body as an object with string keys, or undefined (text, a list, null, a number). */
function objectOf(data: unknown): Record<string, unknown> | undefined {
  return data !== null && typeof data === 'object' && !Array.isArray(data) && !Buffer.isBuffer(data) ? data as Record<string, unknown> : undefined;
}

/** A field that is non-empty text, trimmed. An own property only: `constructor` in a body is data, not a function. */
function textField(body: Record<string, unknown> | undefined, key: string): string | undefined {
  if (!body || !Object.prototype.hasOwnProperty.call(body, key)) return undefined;
  const value = body[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
