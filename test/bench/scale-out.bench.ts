// Scale-out (contract §12): single-http-step webhook executions per second, from the first
// request to the last execution completed, with real processes — `relayflow serve` on the
// embedded SQLite store (the baseline, in the same run), then on PostgreSQL with
// `server.workerConcurrency: 0` plus 1 and plus 2 `relayflow worker` processes. autocannon (its
// own process) sends BENCH_SCALE_EXECUTIONS webhooks over 32 connections; the stand-in counts each
// request's Idempotency-Key, so a completed step sent twice would show. The machine's
// PostgreSQL (127.0.0.1:5432); a database made and dropped for the run. Needs `npm run build`
// (the processes run the built CLI). Run: `npm run bench -- scale-out`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const EXECUTIONS = Number(process.env.BENCH_SCALE_EXECUTIONS ?? 3000);
const WARM_UP = 200;
const CONNECTIONS = 32;
const WORKER_CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 32);
const TARGET_RATE = 300;
const CLI = join(__dirname, '..', '..', 'core', 'bin', 'relayflow.js');
const ADMIN_URL = process.env.RELAYFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEY = 'rfk_bench-scale-out-key-0123456789abcdef';

/** Counts requests and distinct idempotency keys. */
function standIn(): Promise<{ url: string; server: Server; requests: () => number; keys: () => number }> {
  let requests = 0;
  const keys = new Set<string>();
  const server = createServer((req, res) => {
    requests++;
    keys.add(String(req.headers['idempotency-key']));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, server, requests: () => requests, keys: () => keys.size });
  }));
}

function autocannon(url: string, amount: number): Promise<{ p99: number; non2xx: number }> {
  const script = `
    const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
    autocannon({
      url: ${JSON.stringify(url)}, method: 'POST', connections: ${CONNECTIONS}, amount: ${amount},
      headers: { authorization: 'ApiKey ${KEY}', 'content-type': 'application/json' }, body: '{"alert":"cpu high"}',
    }, (err, r) => {
      if (err) { console.error(err); process.exit(1); }
      process.stdout.write(JSON.stringify({ p99: r.latency.p99, non2xx: r.non2xx + r.errors + r.timeouts }));
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited ${code}`))));
  });
}

function start(args: string[], cwd: string, line: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d) => {
      err += d;
      const match = line.exec(err);
      if (match) resolve({ child, match });
    });
    child.on('close', (code) => reject(new Error(`relayflow ${args[0]} exited ${code}: ${err}`)));
  });
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

interface Case { name: string; store?: string; workers: number }

async function measure(c: Case, target: string): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(join(tmpdir(), 'relayflow-bench-scale-'));
  const children: ChildProcess[] = [];
  const counter = await standIn();
  try {
    writeFileSync(join(dir, 'relayflow.yaml'), [
      ...(c.store ? [`store: ${c.store}`] : []),
      'encryptionKey: bench-scale-out-encryption-key-0123456789',
      'server:',
      `  workerConcurrency: ${c.store ? 0 : 8}`,
      '  apiKeys:',
      `    - { name: bench, key: "${KEY}", scopes: [read, run, admin] }`,
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'hook.yaml'), [
      'name: hook', 'triggers: [{ type: webhook }]', 'steps:',
      `  - { name: call, type: http, with: { url: "${counter.url}/events", method: POST, body: "\${{ event }}", headers: { Idempotency-Key: "{{ step.idempotencyKey }}" } } }`, '',
    ].join('\n'));
    const args = ['--config', join(dir, 'relayflow.yaml'), '--data-dir', join(dir, 'data')];
    const deploy = spawn(process.execPath, [CLI, 'workflows', 'deploy', 'hook.yaml', ...args], { cwd: dir, stdio: 'ignore' });
    await new Promise((resolve) => deploy.on('close', resolve));
    const served = await start(['serve', '--port', '0', ...args], dir, /listening on (http:\/\/\S+)/);
    children.push(served.child);
    for (let i = 0; i < c.workers; i++) {
      children.push((await start(['worker', '--concurrency', String(WORKER_CONCURRENCY), ...args], dir, /worker ready/)).child);
    }
    const hook = `${served.match[1]}/api/hooks/hook`;
    const settle = async (count: number): Promise<void> => {
      while (counter.requests() < count) await new Promise((r) => setTimeout(r, 5));
    };
    await autocannon(hook, WARM_UP);
    await settle(WARM_UP);
    const started = Date.now();
    const load = await autocannon(hook, EXECUTIONS);
    await settle(WARM_UP + EXECUTIONS);
    const seconds = (Date.now() - started) / 1000;
    const rate = EXECUTIONS / seconds;
    return {
      case: c.name, 'executions/s': Math.round(rate), 'vs embedded': target === '' ? 'baseline' : `${(rate / Number(target)).toFixed(2)}x`,
      'webhook p99 ms': load.p99, 'not 2xx': load.non2xx, 'steps sent twice': counter.requests() - counter.keys(),
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(0) : child.on('close', resolve)))));
    counter.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  const embedded = await measure({ name: 'serve, embedded SQLite (runs them itself)', workers: 0 }, '');
  rows.push(embedded);
  for (const workers of [1, 2]) {
    const db = `relayflow_bench_${process.pid}_${workers}`;
    await admin(`CREATE DATABASE ${db}`);
    try {
      const store = ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);
      rows.push(await measure({ name: `serve (workerConcurrency 0) + ${workers} worker${workers > 1 ? 's' : ''}, PostgreSQL`, store, workers }, String(embedded['executions/s'])));
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
  }
  console.log(`${EXECUTIONS} single-http-step webhook executions, ${CONNECTIONS} connections, workers at --concurrency ${WORKER_CONCURRENCY}; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`);
  console.table(rows);
  const two = Number(rows[2]['executions/s']);
  console.log(`target ≥ ${TARGET_RATE}/s with 2 workers: ${two >= TARGET_RATE ? 'met' : 'NOT met'}; completed steps sent twice: ${rows.every((r) => r['steps sent twice'] === 0) ? 'none' : 'SOME'}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
