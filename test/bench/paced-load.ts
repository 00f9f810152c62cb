import { spawn } from 'node:child_process';

/** What a paced load measured: the rate it held and the latencies from each request's scheduled time. */
export interface PacedResult { sent: number; rps: number; non2xx: number; errors: number; p50: number; p90: number; p99: number; max: number }

/**
 * An open-loop load at a steady rate, in a process of its own: request i is due at start + i/rate
 * (evenly spaced, not a per-second budget sent as fast as possible, as autocannon's `overallRate`
 * does), over at most `connections` keep-alive connections. Each latency runs from the request's
 * due time to the end of its answer, so a request that waited for a free connection, or for a
 * late loop turn, counts that wait (no coordinated omission). A 1 ms timer paces it (not a busy
 * loop, which would take a core from the server measured). Latencies in milliseconds.
 */
export function pacedLoad(options: { url: string; headers: Record<string, string>; body: string; rate: number; seconds: number; connections: number }): Promise<PacedResult> {
  const script = `
    const http = require('node:http');
    const o = ${JSON.stringify(options)};
    const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
    const url = new URL(o.url);
    const total = Math.round(o.rate * o.seconds);
    const latencies = [];
    let sent = 0, done = 0, non2xx = 0, errors = 0;
    const start = performance.now() + 50;
    const finish = () => {
      latencies.sort((a, b) => a - b);
      const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
      const last = performance.now();
      process.stdout.write(JSON.stringify({ sent, rps: done / ((last - start) / 1000), non2xx, errors,
        p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0 }));
      agent.destroy();
    };
    const send = (due) => {
      sent++;
      const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { ...o.headers, 'content-length': Buffer.byteLength(o.body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
          latencies.push(performance.now() - due);
          if (++done === total) finish();
        });
      });
      req.on('error', () => { errors++; if (++done === total) finish(); });
      req.end(o.body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / o.rate <= now) send(start + (sent * 1000) / o.rate);
      if (sent < total) setTimeout(tick, 1);
    };
    setTimeout(tick, 50);
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && out ? resolve(JSON.parse(out) as PacedResult) : reject(new Error(`the paced load exited ${code}`))));
  });
}
