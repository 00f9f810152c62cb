import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** One request a test server received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The common name of the client certificate, when one was presented (mTLS). */
  clientCertCN?: string;
}

/** Answers a request; `res` is Node's response. */
export type TestHandler = (req: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

/** A real HTTP or HTTPS server on 127.0.0.1 (random port) that records what it receives. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` or `https://...`. */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** TCP connections accepted (to show keep-alive reuse). */
  connections: number;
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

/**
 * Starts a test server. With `tls` it is HTTPS (pass the server certificate, and `ca` +
 * `requestCert` for mutual TLS).
 */
export async function startTestServer(handler: TestHandler, options: { tls?: HttpsServerOptions } = {}): Promise<TestServer> {
  let current = handler;
  const requests: ReceivedRequest[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://test');
      const socket = req.socket as TLSSocket;
      const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        clientCertCN: peer && peer.subject ? String(peer.subject.CN) : undefined,
      };
      requests.push(received);
      Promise.resolve(current(received, res)).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(err.message);
      });
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, onRequest) : createHttpServer(onRequest);
  const state = { connections: 0 };
  server.on('connection', () => { state.connections++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    get connections() { return state.connections; },
    handle(next) { current = next; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Sends a JSON reply. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
