import { Worker } from 'node:worker_threads';

/**
 * The loopback service the benchmarks call: it answers every request 200 `{"ok":true,"received":BYTES}`,
 * in its own thread so it does not share the event loop being measured.
 */
export function startLoopbackStandIn(): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads');
    const http = require('node:http');
    const server = http.createServer((req, res) => {
      let size = 0;
      req.on('data', (c) => { size += c.length; });
      req.on('end', () => {
        const body = JSON.stringify({ ok: true, received: size });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => server.close(() => process.exit(0)));
  `, { eval: true });
  return new Promise((resolve) => {
    worker.once('message', (port: number) => resolve({
      url: `http://127.0.0.1:${port}`,
      stop: () => { worker.postMessage('stop'); return new Promise((done) => worker.once('exit', done)); },
    }));
  });
}
