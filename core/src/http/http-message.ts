import type { AxiosResponse } from 'axios';
import type { HttpRequest, HttpResponse } from '../contracts/http-client';
import { RelayflowError } from '../errors/relayflow-error';
import { setOwn } from '../validation/prototype-keys';
import { tooDeepPath } from '../validation/value-depth';

const UNSENDABLE_HEADERS = new Set(['__proto__', 'constructor', 'prototype']);

/** Request headers as sent: string values, the caller's names. */
export type OutgoingHeaders = Record<string, string>;

/**
 * The headers and body to send: undefined header values dropped, an object body as JSON (with
 * `Content-Type: application/json` unless one is set, in any case), URLSearchParams as a form,
 * a string or bytes as they are.
 * @throws RelayflowError `VALIDATION_FAILED` for a header named `__proto__`, `constructor` or `prototype`
 */
export function encodeRequest(req: HttpRequest): { headers: OutgoingHeaders; body: string | Buffer | undefined } {
  const headers: OutgoingHeaders = {};
  let hasContentType = false;
  if (req.headers) {
    for (const name of Object.keys(req.headers)) {
      const value = req.headers[name];
      if (value === undefined || value === null) continue;
      if (UNSENDABLE_HEADERS.has(name.toLowerCase())) {
        // axios drops these names without a word (its guard against prototype pollution): say so instead.
        throw new RelayflowError('VALIDATION_FAILED', `a header named "${name}" cannot be sent (the HTTP client refuses the names __proto__, constructor and prototype); rename or remove it`);
      }
      headers[name] = typeof value === 'string' ? value : String(value);
      if (!hasContentType && name.length === 12 && name.toLowerCase() === 'content-type') hasContentType = true;
    }
  }
  const data = req.data;
  if (data === undefined || data === null) return { headers, body: undefined };
  if (typeof data === 'string' || Buffer.isBuffer(data)) return { headers, body: data };
  if (data instanceof Uint8Array) return { headers, body: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
  if (data instanceof URLSearchParams) {
    if (!hasContentType) headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=utf-8';
    return { headers, body: data.toString() };
  }
  if (!hasContentType) headers['Content-Type'] = 'application/json';
  return { headers, body: JSON.stringify(data) };
}

/** Appends query parameters to a URL without re-encoding the query it already has. */
export function appendQuery(url: URL, params: HttpRequest['params']): void {
  if (!params) return;
  let extra = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    extra += `${extra ? '&' : ''}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  if (!extra) return;
  const current = url.search;
  url.search = current && current !== '?' ? `${current}&${extra}` : extra;
}

/**
 * Headers whose removal a redirect to `to` requires: content headers when the method becomes
 * GET, credentials (Authorization, Cookie, Proxy-Authorization and the caller's sensitive
 * headers) when the origin changes.
 */
export function redirectedRequest(
  status: number,
  method: string,
  headers: OutgoingHeaders,
  body: string | Buffer | undefined,
  from: URL,
  to: URL,
  sensitiveHeaders: readonly string[] | undefined,
): { method: string; headers: OutgoingHeaders; body: string | Buffer | undefined } {
  const toGet = redirectBecomesGet(status, method);
  const crossOrigin = from.origin !== to.origin;
  if (!toGet && !crossOrigin) return { method, headers, body };
  const drop = new Set<string>();
  if (crossOrigin) {
    for (const name of ['authorization', 'cookie', 'proxy-authorization', 'host']) drop.add(name);
    for (const name of sensitiveHeaders ?? []) drop.add(name.toLowerCase());
  }
  const next: OutgoingHeaders = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (drop.has(lower) || (toGet && lower.startsWith('content-'))) continue;
    next[name] = headers[name];
  }
  return { method: toGet ? 'GET' : method, headers: next, body: toGet ? undefined : body };
}

/** Whether following a redirect turns the request into a GET without a body (303; 301/302 after POST). */
export function redirectBecomesGet(status: number, method: string): boolean {
  return (status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
}

/** JSON response bodies nested deeper than this are given as their text. */
export const MAX_RESPONSE_DEPTH = 1000;

/**
 * A response as the contract gives it: lower-case headers joined with `, `, JSON parsed when it
 * says JSON (unless it nests deeper than {@link MAX_RESPONSE_DEPTH}: then its text).
 */
export function toHttpResponse<T>(res: AxiosResponse<Buffer>, responseType: HttpRequest['responseType']): HttpResponse<T> {
  const headers: Record<string, string> = {};
  const raw = res.headers as Record<string, unknown>;
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value === undefined || value === null) continue;
    setOwn(headers, name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  }
  let data: unknown = res.data;
  if (responseType !== 'arraybuffer') {
    const buffer = Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? '');
    let text = buffer.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    data = text;
    if (responseType !== 'text' && text !== '' && looksLikeJson(headers['content-type'], text)) {
      try {
        data = JSON.parse(text);
        // Redaction, templates and records walk the value recursively: thousands of levels (a
        // hostile or broken service) would overflow them, so such a body stays text.
        if (tooDeepPath(data, MAX_RESPONSE_DEPTH)) data = text;
      } catch {
        data = text;
      }
    }
  }
  return { status: res.status, statusText: res.statusText ?? '', headers, data: data as T };
}

function looksLikeJson(contentType: string | undefined, text: string): boolean {
  if (contentType) return /[/+]json\b/i.test(contentType);
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}
