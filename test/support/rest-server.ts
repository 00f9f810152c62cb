import { request as httpRequest } from 'node:http';
import { createRelayflow, type Plugin, type Relayflow } from '@relayflow/core';
import { createServer, type CreateServerOptions, type RelayflowServer } from '@relayflow/core/server';
import { tempDir } from './temp-dir';

/** What one request to the REST server answered. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  body: any;
}

/** How to send one request. */
export interface ApiRequest {
  /** Sent as `Authorization: ApiKey <key>`. */
  key?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (with `content-type` from `headers`, default application/json). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** A real REST server on 127.0.0.1 (random port) over a real Relayflow, with a key per scope. */
export interface RestHarness {
  rf: Relayflow;
  server: RelayflowServer;
  url: string;
  /** Keys made with `rf.apiKeys.create`: one scope each, and `all` with every scope. */
  keys: { read: string; run: string; admin: string; all: string };
  call(method: string, path: string, request?: ApiRequest): Promise<ApiResponse>;
  close(): Promise<void>;
}

/**
 * Sends one HTTP request with node:http (a fresh connection each time, so a test sees exactly
 * what the server did with it).
 */
export function send(url: string, method: string, path: string, request: ApiRequest = {}): Promise<ApiResponse> {
  const payload = request.raw ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
  const headers: Record<string, string> = {
    ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
    ...(request.key === undefined ? {} : { authorization: `ApiKey ${request.key}` }),
    ...request.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err); });
    req.end(payload);
  });
}

/** Starts a Relayflow with these plugins and a REST server over it. */
export async function startRestServer(options: { plugins?: Array<Plugin | string>; config?: object; server?: CreateServerOptions } = {}): Promise<RestHarness> {
  const rf = await createRelayflow({ plugins: options.plugins ?? [], config: options.config, dataDir: tempDir(), env: {} });
  const server = await createServer(rf, { host: '127.0.0.1', port: 0, ...options.server });
  const url = await server.listen();
  const key = async (name: string, scopes: Array<'read' | 'run' | 'admin'>) => (await rf.apiKeys.create({ name, scopes })).key;
  const keys = { read: await key('reader', ['read']), run: await key('runner', ['run']), admin: await key('admin', ['admin']), all: await key('all', ['read', 'run', 'admin']) };
  return {
    rf, server, url, keys,
    call: (method, path, request) => send(url, method, path, request),
    async close() {
      await server.close();
      await rf.stop();
    },
  };
}
