import { bodyExcerpt, type HttpResponse } from '@relayflow/sdk';

/**
 * The service's reason from an RFC 7807 / RFC 9457 problem body (`{"type", "title", "status",
 * "detail", "instance"}`), as Kibana's http connector reads it: `detail`, else `title`.
 *
 * A body counts as a problem when the response says `application/problem+json`, or when it is a
 * JSON object with a string `title` or `detail` beside a string `type` or a numeric `status` (many
 * services send problems as plain `application/json`).
 * @returns at most about 200 characters, or undefined when the body is not a problem
 */
export function problemDetailOf(res: Pick<HttpResponse, 'headers' | 'data'>): string | undefined {
  const body = objectIn(res.data);
  if (!body) return undefined;
  const contentType = String(res.headers?.['content-type'] ?? '').toLowerCase();
  const declared = contentType.includes('application/problem+json');
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const detail = text(body.detail);
  const title = text(body.title);
  if (!detail && !title) return undefined;
  const shaped = typeof body.type === 'string' || typeof body.status === 'number';
  if (!declared && !shaped) return undefined;
  return bodyExcerpt(detail ?? title);
}

function objectIn(data: unknown): Record<string, unknown> | undefined {
  let value = data;
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) ? value as Record<string, unknown> : undefined;
}
