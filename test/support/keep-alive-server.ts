import { Worker } from 'node:worker_threads';

/** What the server answers every request with: its own count of connections and requests. */
export interface KeepAliveAnswer {
  /** TCP connections accepted so far (a new one means the client did not reuse). */
  connections: number;
  /** Connections open now, this request's included. */
  open: number;
  method: string;
  /** Requests of each method received so far. */
  seen: Record<string, number>;
}

/** A server on 127.0.0.1 that closes idle keep-alive connections after `keepAliveMs`, in its own thread. */
export interface KeepAliveServer {
  url: string;
  /** Connections open right now, as the server sees them. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts a keep-alive server in a worker thread, so it closes idle connections on time even
 * while the test blocks its own event loop (as a busy process would). With `announce: false`
 * it does not send `Keep-Alive: timeout=N` (it says `Connection: keep-alive` itself, as many
 * servers and proxies do), so a client cannot know when it will close.
 */
export function startKeepAliveServer(options: { keepAliveMs: number; announce: boolean; tls?: { key: string; cert: string } }): Promise<KeepAliveServer> {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const https = require('node:https');
    let connections = 0;
    let open = 0;
    const seen = {};
    const handler = (req, res) => {
      req.resume();
      req.on('end', () => {
        seen[req.method] = (seen[req.method] || 0) + 1;
        const headers = { 'content-type': 'application/json' };
        if (!workerData.announce) headers.connection = 'keep-alive';
        res.writeHead(200, headers);
        res.end(JSON.stringify({ connections, open, method: req.method, seen }));
      });
    };
    const server = workerData.tls ? https.createServer(workerData.tls, handler) : http.createServer(handler);
    server.keepAliveTimeout = workerData.keepAliveMs;
    server.on(workerData.tls ? 'secureConnection' : 'connection', (socket) => {
      connections++;
      open++;
      socket.on('close', () => { open--; });
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
    parentPort.on('message', (message) => {
      if (message === 'open') parentPort.postMessage({ open });
      else {
        server.closeAllConnections();
        server.close(() => process.exit(0));
      }
    });
  `, { eval: true, workerData: options });
  const next = <T>(): Promise<T> => new Promise((resolve) => worker.once('message', resolve));
  return next<{ port: number }>().then(({ port }) => ({
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    openConnections: async () => {
      worker.postMessage('open');
      return (await next<{ open: number }>()).open;
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  }));
}

/** Blocks this thread's event loop for `ms` (a long synchronous step, a GC pause): no timer or socket event runs. */
export function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
