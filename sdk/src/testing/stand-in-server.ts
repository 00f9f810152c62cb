import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stand-in received, as it arrived. */
export interface RecordedRequest {
  /** Upper-case HTTP method, e.g. `POST`. */
  method: string;
  /** Path and query, e.g. `/api/chat.postMessage?x=1`. */
  url: string;
  /** The path without the query, e.g. `/api/chat.postMessage`. */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body text. */
  body: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
}

/** What a route handler returns: status, headers and a body (objects are sent as JSON). */
export interface StandInReply {
  /** HTTP status (default 200). */
  status?: number;
  /** Response headers. */
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON (with `content-type: application/json` unless given). */
  body?: unknown;
  /** Wait this long before answering (ms). */
  delayMs?: number;
}

/** Answers a request; return nothing to get 404. */
export type StandInHandler = (req: RecordedRequest) => StandInReply | undefined | Promise<StandInReply | undefined>;

/** A local stand-in for an external service, on 127.0.0.1. */
export interface StandIn {
  /** Base URL, e.g. `http://127.0.0.1:43117`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replaces the handler. */
  handle(handler: StandInHandler): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a stand-in server on 127.0.0.1 (a free port) that records every request and answers
 * with `handler`. Routes can be a map of `"METHOD /path"` (or `"/path"` for any method) to a
 * reply or a handler.
 */
export async function startStandIn(handler: StandInHandler | Record<string, StandInReply | StandInHandler>): Promise<StandIn> {
  let current: StandInHandler = typeof handler === 'function' ? handler : routeTable(handler);
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    readBody(req).then(async (body) => {
      const recorded = record(req, body);
      requests.push(recorded);
      const reply = (await current(recorded)) ?? { status: 404, body: { error: `no stand-in route for ${recorded.method} ${recorded.path}` } };
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      send(res, reply);
    }).catch((err: Error) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: err.message } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    handle(next) {
      current = next;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function routeTable(routes: Record<string, StandInReply | StandInHandler>): StandInHandler {
  return (req) => {
    const route = routes[`${req.method} ${req.path}`] ?? routes[req.path];
    if (route === undefined) return undefined;
    return typeof route === 'function' ? route(req) : route;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  let json: unknown;
  if (body && /json/i.test(String(req.headers['content-type'] ?? ''))) {
    try { json = JSON.parse(body); } catch { json = undefined; }
  }
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body,
    json,
  };
}

function send(res: ServerResponse, reply: StandInReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Buffer = '';
  if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
    payload = reply.body;
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(payload);
}
