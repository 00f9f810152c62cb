import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { request as httpRequest, type Agent as HttpAgent, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dropIdleSockets, failedBeforeResponse, noteKeepAlive } from './idle-sockets';
import { readBody } from './response-body';

/** Methods a server must be able to receive twice (RFC 9110 §9.2.2): safe to send again on a new connection. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** Tries of one request when reused connections turn out closed by the server (the last on a new one). */
const MAX_TRIES = 3;
const ACCEPT_ENCODING = 'gzip, compress, deflate, br';
// Header values as axios's own adapter sends them: control characters were already removed by
// AxiosHeaders; what cannot be a byte string is dropped too.
const NOT_BYTE_STRING = /[^\t\x20-\x7e\x80-\xff]+/g;
const EDGE_SPACE = /^[\t ]+|[\t ]+$/g;
const NEEDS_CLEANING = /[^\t\x20-\x7e\x80-\xff]|^[\t ]|[\t ]$/;

/**
 * An axios adapter that sends the request with `node:http(s)` directly, through the agent the
 * caller chose: what axios's own http adapter does for Relayflow's configuration (no proxy
 * handling, no redirects, bytes in and out, transforms off), without the work that
 * configuration never needs (stream pipelines, progress events, redirect machinery, option
 * copies). Requests look the same on the wire: axios's headers (`User-Agent`,
 * `Accept-Encoding`, credentials from the URL as Basic auth), gzip/deflate/br bodies
 * decompressed, `maxContentLength` enforced on the decoded bytes as they arrive.
 *
 * A request that fails on a reused keep-alive connection the server had already closed is sent
 * again on a new connection, once the pool's idle connections are dropped, when not one byte of
 * a response came back and the method is idempotent or nothing of the request was written.
 *
 * @param userAgent the `User-Agent` sent when the caller sets none (axios's `axios/VERSION`)
 */
export function nodeHttpAdapter(userAgent: string): AxiosAdapter {
  return (config) => new Promise<AxiosResponse>((resolve, reject) => {
    const url = new URL(config.url as string);
    const method = (config.method ?? 'get').toUpperCase();
    const secure = url.protocol === 'https:';
    const agent = (secure ? config.httpsAgent : config.httpAgent) as HttpAgent | undefined;
    const body = bodyOf(config.data);
    const options: RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method,
      headers: outgoingHeaders(config, url, body, userAgent),
      agent,
      insecureHTTPParser: false,
    };
    if (url.username || url.password) options.auth = `${decode(url.username)}:${decode(url.password)}`;
    const maxContentLength = typeof config.maxContentLength === 'number' ? config.maxContentLength : -1;
    const signal = config.signal as AbortSignal | undefined;
    let current: ClientRequest | undefined;
    let settled = false;
    const finish = (err: unknown, response?: AxiosResponse): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        current?.destroy();
        reject(err);
      } else resolve(response as AxiosResponse);
    };
    const onAbort = (): void => finish(Object.assign(new Error('the request was aborted'), { code: 'ERR_CANCELED' }));
    signal?.addEventListener('abort', onAbort, { once: true });

    const send = (tries: number): void => {
      let responded = false;
      let req: ClientRequest;
      try {
        req = (secure ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => {
          responded = true;
          noteKeepAlive(res.socket, res.headers['keep-alive']);
          readBody(res, method, maxContentLength, (err, data) => {
            if (err) return finish(err);
            finish(undefined, { data, status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, config, request: req });
          });
        });
      } catch (err) {
        // Node refuses some headers and paths synchronously (invalid names, control characters).
        return finish(err);
      }
      current = req;
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (settled) return;
        if (!responded && tries < MAX_TRIES && req.reusedSocket && failedBeforeResponse(req.socket, IDEMPOTENT.has(method))) {
          if (agent) dropIdleSockets(agent);
          return send(tries + 1);
        }
        finish(err);
      });
      if (body === undefined) req.end();
      else req.end(body);
    };
    send(1);
  });
}

function bodyOf(data: unknown): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  throw Object.assign(new Error('the request body must be a string or bytes once encoded'), { code: 'ERR_BAD_REQUEST' });
}

/** The headers to send: the caller's (as byte strings), then axios's defaults where the caller set none. */
function outgoingHeaders(config: InternalAxiosRequestConfig, url: URL, body: Buffer | undefined, userAgent: string): OutgoingHttpHeaders {
  const given = config.headers.toJSON();
  const headers: OutgoingHttpHeaders = {};
  let userAgentSet = false;
  let encodingSet = false;
  let lengthSet = false;
  const credentials = url.username !== '' || url.password !== '';
  for (const name of Object.keys(given)) {
    const lower = name.toLowerCase();
    // Credentials in the URL win over an Authorization header, as with axios's adapter.
    if (credentials && lower === 'authorization') continue;
    const value = given[name];
    headers[name] = Array.isArray(value) ? value.map(byteString) : byteString(value);
    if (lower === 'user-agent') userAgentSet = true;
    else if (lower === 'accept-encoding') encodingSet = true;
    else if (lower === 'content-length') lengthSet = true;
  }
  if (!userAgentSet) headers['User-Agent'] = userAgent;
  if (body !== undefined && !lengthSet) headers['Content-Length'] = String(body.length);
  if (!encodingSet) headers['Accept-Encoding'] = ACCEPT_ENCODING;
  return headers;
}

function byteString(value: string): string {
  const text = String(value);
  return NEEDS_CLEANING.test(text) ? text.replace(NOT_BYTE_STRING, '').replace(EDGE_SPACE, '') : text;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
