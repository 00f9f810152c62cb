// The REST server's webhook path: POST /api/hooks/{id} → 202 {executionId} → a completed
// execution of one http step against a loopback stand-in, records persisted in the SQLite store,
// measured on `relayflow serve` as a user runs it (the built CLI, its own process): with its
// execution threads (the default) and, as the baseline in the same run, with
// `server.executionThreads: 0` (the thread that answers requests runs the executions too).
// autocannon (in its own process) keeps 32 requests in flight; we print the 202s per second with
// their p50/p99 latency, and the executions completed per second (until the last one ended),
// beside the embedded figure (rf.run of the same compiled workflow, 32 in flight, same stand-in)
// and the server's own cost (the same webhook path with a data.set step instead of the request).
// Two loads, as latency is only meaningful at a stated rate: saturation (autocannon: each
// connection sends its next webhook when the last 202 arrives: the most the server does, where by
// Little's law the mean latency is 32 / throughput whatever the server does), and the target rate
// (1,500 webhooks/s evenly spaced over at most 32 keep-alive connections, each latency from the
// request's due time: what a sender sees while the server handles that rate; see paced-load.ts —
// autocannon's overallRate sends each second's budget as fast as it can, then waits).
// Needs `npm run build` (the server runs the built CLI). Run: `npm run bench -- server`.
// Env: BENCH_SERVER_SECONDS (default 10).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackStandIn } from './loopback-stand-in';
import { pacedLoad, type PacedResult } from './paced-load';
import { createRelayflow } from '@relayflow/core';
import httpPlugin from '@relayflow/plugin-http';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
const CONNECTIONS = 32;
const TARGET_RATE = 1500;
const TARGET_P99_MS = 20;
const CLI = join(__dirname, '..', '..', 'core', 'bin', 'relayflow.js');
const KEY = 'rfk_bench-server-key-0123456789abcdef';
/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

const ms = (value: number): string => value.toFixed(1);

interface Cannon { requests: number; non2xx: number; errors: number; timeouts: number; p50: number; p99: number; rps: number }

/** autocannon in a child process (its own event loop and core), its JSON result read back. */
function autocannon(url: string, seconds: number): Promise<Cannon> {
  const script = `
    const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
    autocannon({
      url: ${JSON.stringify(url)}, method: 'POST', connections: ${CONNECTIONS}, duration: ${seconds},
      headers: { authorization: 'ApiKey ${KEY}', 'content-type': 'application/json' },
      body: JSON.stringify({ alert: 'cpu high', host: 'web-01' }),
    }, (err, r) => {
      if (err) { console.error(err); process.exit(1); }
      process.stdout.write(JSON.stringify({ requests: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
        p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average }));
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Cannon) : reject(new Error(`autocannon exited ${code}`))));
  });
}

/** `relayflow serve --port 0` in its own process, once it listens. */
function serve(dir: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, ...args, 'serve', '--port', '0'], {
    cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d) => {
      err += d;
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('close', (code) => reject(new Error(`relayflow serve exited ${code}: ${err}`)));
  });
}

/** User + system CPU seconds a process used so far, every thread of it (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function api<T>(url: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `ApiKey ${KEY}`, 'content-type': 'application/json', ...init.headers } });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Page { items: Array<{ id: string; status: string }>; nextCursor?: string }

/** Waits until none of a workflow's executions runs; then counts those newer than `before` by final status. */
async function settle(url: string, workflowId: string, before: string | undefined): Promise<{ completed: number; failed: number; last?: string }> {
  while ((await api<Page>(url, `/api/executions?workflowId=${workflowId}&status=running&limit=1`)).items.length) await new Promise((r) => setTimeout(r, 20));
  let completed = 0;
  let failed = 0;
  let last: string | undefined;
  let cursor = '';
  for (;;) {
    const page = await api<Page>(url, `/api/executions?workflowId=${workflowId}&limit=100${cursor}`);
    for (const e of page.items) {
      if (e.id === before) return { completed, failed, last };
      last ??= e.id;
      if (e.status === 'completed') completed++;
      else failed++;
    }
    if (!page.nextCursor) return { completed, failed, last };
    cursor = `&cursor=${encodeURIComponent(page.nextCursor)}`;
  }
}

/** Resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

interface ServerFigures { rssMb: number; executions: number; saturation: Cannon; completedRate: number; completed: number; failed: number; cpuPerWebhookUs: number; atRate: PacedResult; atRateFailed: number; atRateCompleted: number; own: Cannon }

/** One `relayflow serve` (threads as given), measured: saturation, the target rate, the data.set path. */
async function measureServer(standInUrl: string, threads: number | undefined): Promise<ServerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'relayflow-bench-server-'));
  let child: ChildProcess | undefined;
  try {
    writeFileSync(join(dir, 'relayflow.yaml'), [
      'encryptionKey: bench-server-encryption-key-0123456789',
      'server:',
      ...(threads === undefined ? [] : [`  executionThreads: ${threads}`]),
      '  apiKeys:',
      `    - { name: bench, key: "${KEY}", scopes: [read, run, admin] }`,
      '',
    ].join('\n'));
    const served = await serve(dir, ['--config', join(dir, 'relayflow.yaml'), '--data-dir', join(dir, 'data')]);
    child = served.child;
    const { url } = served;
    const yaml = `name: bench-hook\ntriggers: [{ type: webhook }]\nsteps:\n  - { name: call, type: http, with: { url: "${standInUrl}/events", method: POST, body: "\${{ event }}" } }\n`;
    await api(url, '/api/workflows', { method: 'POST', body: JSON.stringify({ yaml }) });
    await api(url, '/api/workflows', { method: 'POST', body: JSON.stringify({ yaml: 'name: bench-own\ntriggers: [{ type: webhook }]\nsteps:\n  - { name: set, type: data.set, with: { seen: "${{ event.host }}" } }\n' }) });
    const hook = `${url}/api/hooks/bench-hook`;

    // Warm-up: JIT, pools, the compiled-workflow caches.
    await autocannon(hook, 2);
    const warm = await settle(url, 'bench-hook', undefined);

    const started = Date.now();
    const cpu = cpuSeconds(child.pid!);
    const saturation = await autocannon(hook, SECONDS);
    const done = await settle(url, 'bench-hook', warm.last);
    const elapsed = (Date.now() - started) / 1000;
    const cpuPerWebhookUs = ((cpuSeconds(child.pid!) - cpu) * 1e6) / Math.max(1, done.completed + done.failed);

    // The same webhooks at the target rate: the 202's latency while the server handles 1,500/s.
    const atRate = await pacedLoad({
      url: hook, headers: { authorization: `ApiKey ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ alert: 'cpu high', host: 'web-01' }),
      rate: TARGET_RATE, seconds: SECONDS, connections: CONNECTIONS,
    });
    const atRateDone = await settle(url, 'bench-hook', done.last);

    // The server's own cost: the same path with a data.set step (no outbound request).
    const own = await autocannon(`${url}/api/hooks/bench-own`, Math.min(SECONDS, 5));
    const ownDone = await settle(url, 'bench-own', undefined);
    return {
      rssMb: rssMb(child.pid!), executions: warm.completed + warm.failed + done.completed + done.failed + atRateDone.completed + atRateDone.failed + ownDone.completed + ownDone.failed,
      saturation, completedRate: done.completed / elapsed, completed: done.completed, failed: done.failed, cpuPerWebhookUs,
      atRate, atRateFailed: atRateDone.failed, atRateCompleted: atRateDone.completed, own,
    };
  } finally {
    if (child && child.exitCode === null) {
      const closed = new Promise((resolve) => child!.once('close', resolve));
      child.kill('SIGTERM');
      await closed;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The embedded figure: rf.run of the same workflow compiled once, 32 in flight, in this process. */
async function embedded(standInUrl: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-bench-embedded-'));
  const rf = await createRelayflow({ plugins: [httpPlugin], dataDir, env: {} });
  try {
    const compiled = await rf.compile(`name: bench-embedded\nsteps:\n  - { name: call, type: http, with: { url: "${standInUrl}/events", method: POST, body: "\${{ event }}" } }\n`);
    let runs = 0;
    const until = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const r = await rf.run(compiled, { event: { alert: 'cpu high', host: 'web-01' } });
        if (r.status === 'completed') runs++;
      }
    }));
    return runs / ((Date.now() - started) / 1000);
  } finally {
    await rf.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const standIn = await startLoopbackStandIn();
  try {
    const threaded = await measureServer(standIn.url, undefined);
    const single = await measureServer(standIn.url, 0);
    const embeddedRate = await embedded(standIn.url);
    const threads = Math.min(4, Math.max(1, availableParallelism() - 1));
    console.log(`webhook → completed 1-step http execution, relayflow serve (built CLI, own process), ${CONNECTIONS} connections, ${SECONDS}s, SQLite records; load average ${loadavg()[0].toFixed(1)} (other work on the machine lowers every figure)`);
    const rows = (label: string, f: ServerFigures): Array<Record<string, string | number>> => [
      { case: `${label}: POST /api/hooks → 202`, 'per second': Math.round(f.saturation.rps), p50_ms: f.saturation.p50, p99_ms: f.saturation.p99, 'non-2xx': f.saturation.non2xx, errors: f.saturation.errors + f.saturation.timeouts },
      { case: `${label}: webhook executions completed`, 'per second': Math.round(f.completedRate), p50_ms: '', p99_ms: '', 'non-2xx': '', errors: f.failed },
      { case: `${label}: 202 at ${TARGET_RATE}/s, paced`, 'per second': Math.round(f.atRate.rps), p50_ms: ms(f.atRate.p50), p99_ms: ms(f.atRate.p99), 'non-2xx': f.atRate.non2xx, errors: f.atRate.errors + f.atRateFailed },
      { case: `${label}: 202, data.set step (server cost)`, 'per second': Math.round(f.own.rps), p50_ms: f.own.p50, p99_ms: f.own.p99, 'non-2xx': f.own.non2xx, errors: f.own.errors + f.own.timeouts },
    ];
    console.table([
      ...rows(`${threads} execution thread${threads === 1 ? '' : 's'} (default)`, threaded),
      ...rows('executionThreads: 0', single),
      { case: 'embedded rf.run (compiled), 32 in flight', 'per second': Math.round(embeddedRate), p50_ms: '', p99_ms: '', 'non-2xx': '', errors: '' },
    ]);
    for (const [label, f] of [['default', threaded], ['executionThreads: 0', single]] as const) {
      // The server's CPU per webhook (the serve process, every thread: answering, running, committing, checkpointing).
      console.log(`${label}: server CPU per webhook at saturation ${f.cpuPerWebhookUs.toFixed(0)} µs; accepted ${f.saturation.requests}, completed ${f.completed}, failed ${f.failed}; RSS ${f.rssMb.toFixed(0)} MB after ${f.executions} executions`);
    }
    const f = threaded;
    console.log(`target ≥ ${TARGET_RATE}/s completed: ${f.completedRate >= TARGET_RATE ? 'met' : 'NOT met'} (${Math.round(f.completedRate)}/s; p99 of the 202 there ${f.saturation.p99} ms)`);
    const heldRate = f.atRate.rps >= TARGET_RATE * 0.97;
    console.log(`p99 of the 202 < ${TARGET_P99_MS} ms at ${TARGET_RATE}/s: ${heldRate && f.atRate.p99 < TARGET_P99_MS && f.atRateFailed === 0 ? 'met' : 'NOT met'} (${ms(f.atRate.p99)} ms, max ${ms(f.atRate.max)} ms, ${Math.round(f.atRate.rps)}/s accepted, ${f.atRateCompleted} completed, ${f.atRateFailed} failed${heldRate ? '' : ', the rate was not held'})`);
  } finally {
    await standIn.stop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
