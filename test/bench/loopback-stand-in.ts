import { spawn } from 'node:child_process';

/**
 * The loopback service the benchmarks call: it answers every request 200 `{"ok":true,"received":BYTES}`,
 * in its own process, so it neither shares the event loop being measured nor counts in the CPU
 * time the benchmarks read with `process.cpuUsage()`.
 */
export function startLoopbackStandIn(): Promise<{ url: string; stop: () => Promise<number> }> {
  const script = `
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
    server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
    process.stdin.on('end', () => server.close(() => process.exit(0)));
    process.stdin.on('data', () => {});
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve({
      url: `http://127.0.0.1:${Number(chunk.toString().trim())}`,
      stop: () => {
        const exited = new Promise<number>((done) => child.once('exit', (code) => done(code ?? 0)));
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        return exited;
      },
    }));
  });
}
