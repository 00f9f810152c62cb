// The REST server's webhook path: POST /api/hooks/{id} → 202 {executionId} → a completed
// execution of one http step against a loopback stand-in, records persisted in the SQLite store.
// autocannon (in its own process) keeps 32 requests in flight; we print the 202s per second with
// their p50/p99 latency, and the executions completed per second (until the last one ended),
// beside the embedded figure: rf.run of the same compiled workflow, 32 in flight, same stand-in,
// and the server's own cost: the same webhook path with a data.set step instead of the request.
// Two loads, as latency is only meaningful at a stated rate: saturation (each connection sends
// its next webhook when the last 202 arrives: the most the server does, where by Little's law the
// mean latency is 32 / throughput whatever the server does), and the target rate (1,500
// webhooks/s over the same 32 connections, autocannon's overallRate, its latencies corrected for
// coordinated omission: what a sender sees while the server handles that rate).
// Run: `npm run bench -- server`. Env: BENCH_SERVER_SECONDS (default 10).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackStandIn } from './loopback-stand-in';
import { createRelayflow, type Relayflow } from '@relayflow/core';
import { createServer } from '@relayflow/core/server';
import httpPlugin from '@relayflow/plugin-http';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
const CONNECTIONS = 32;
const TARGET_RATE = 1500;
const TARGET_P99_MS = 20;


interface Cannon { requests: number; non2xx: number; errors: number; timeouts: number; p50: number; p99: number; rps: number }

/** autocannon in a child process (its own event loop and core), its JSON result read back. */
function autocannon(url: string, key: string, seconds: number, overallRate?: number): Promise<Cannon> {
  const script = `
    const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
    autocannon({
      url: ${JSON.stringify(url)}, method: 'POST', connections: ${CONNECTIONS}, duration: ${seconds},${overallRate ? ` overallRate: ${overallRate},` : ''}
      headers: { authorization: 'ApiKey ${key}', 'content-type': 'application/json' },
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

async function main(): Promise<void> {
  const standIn = await startLoopbackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-bench-server-'));
  const rf = await createRelayflow({ plugins: [httpPlugin], dataDir, env: {} });
  try {
    const yaml = `name: bench-hook\ntriggers: [{ type: webhook }]\nsteps:\n  - { name: call, type: http, with: { url: "${standIn.url}/events", method: POST, body: "\${{ event }}" } }\n`;
    await rf.workflows.create(yaml);
    const { key } = await rf.apiKeys.create({ name: 'bench', scopes: ['run'] });
    const server = await createServer(rf, { port: 0 });
    const url = await server.listen();
    const hook = `${url}/api/hooks/bench-hook`;

    // Warm-up: JIT, pools, the compiled-workflow cache.
    await autocannon(hook, key, 2);
    while (server.running) await new Promise((r) => setTimeout(r, 10));

    const before = (await rf.executions.page({ workflowId: 'bench-hook', limit: 1 })).items[0]?.id;
    const started = Date.now();
    const cpu = process.cpuUsage();
    const result = await autocannon(hook, key, SECONDS);
    while (server.running) await new Promise((r) => setTimeout(r, 2));
    const elapsed = (Date.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(cpu);
    const completed = await countSince(rf, before);

    // The same webhooks at the target rate: the 202's latency while the server handles 1,500/s.
    const atRateBefore = (await rf.executions.page({ workflowId: 'bench-hook', limit: 1 })).items[0]?.id;
    const atRate = await autocannon(hook, key, SECONDS, TARGET_RATE);
    while (server.running) await new Promise((r) => setTimeout(r, 2));
    const atRateCompleted = await countSince(rf, atRateBefore);

    // The server's own cost: the same path with a data.set step (no outbound request).
    await rf.workflows.create('name: bench-own\ntriggers: [{ type: webhook }]\nsteps:\n  - { name: set, type: data.set, with: { seen: "${{ event.host }}" } }\n');
    const own = await autocannon(`${url}/api/hooks/bench-own`, key, Math.min(SECONDS, 5));
    while (server.running) await new Promise((r) => setTimeout(r, 2));
    await server.close();

    // The embedded figure: the same workflow compiled once, rf.run with 32 in flight.
    const compiled = await rf.compile(yaml.replace('name: bench-hook', 'name: bench-embedded'));
    let runs = 0;
    const until = Date.now() + SECONDS * 1000;
    const embeddedStart = Date.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const r = await rf.run(compiled, { event: { alert: 'cpu high', host: 'web-01' } });
        if (r.status === 'completed') runs++;
      }
    }));
    const embeddedRate = runs / ((Date.now() - embeddedStart) / 1000);

    const rate = completed.completed / elapsed;
    console.log(`webhook → completed 1-step http execution, ${CONNECTIONS} connections, ${SECONDS}s, SQLite records; load average ${loadavg()[0].toFixed(1)} (other work on the machine lowers every figure)`);
    console.table([
      { case: 'POST /api/hooks → 202', 'per second': Math.round(result.rps), p50_ms: result.p50, p99_ms: result.p99, 'non-2xx': result.non2xx, errors: result.errors + result.timeouts },
      { case: 'webhook executions completed', 'per second': Math.round(rate), p50_ms: '', p99_ms: '', 'non-2xx': '', errors: completed.failed },
      { case: `POST /api/hooks → 202 at ${TARGET_RATE}/s (overallRate)`, 'per second': Math.round(atRate.rps), p50_ms: atRate.p50, p99_ms: atRate.p99, 'non-2xx': atRate.non2xx, errors: atRate.errors + atRate.timeouts + atRateCompleted.failed },
      { case: 'POST /api/hooks → 202, data.set step (server cost)', 'per second': Math.round(own.rps), p50_ms: own.p50, p99_ms: own.p99, 'non-2xx': own.non2xx, errors: own.errors + own.timeouts },
      { case: 'embedded rf.run (compiled), 32 in flight', 'per second': Math.round(embeddedRate), p50_ms: '', p99_ms: '', 'non-2xx': '', errors: '' },
    ]);
    // The server's CPU per webhook (this process: the server, its executions and the SQLite
    // commits; autocannon and the stand-in run in their own): it moves less than wall figures.
    const cpuPerWebhook = (cpuUsed.user + cpuUsed.system) / Math.max(1, completed.completed + completed.failed);
    console.log(`server CPU per webhook at saturation: ${cpuPerWebhook.toFixed(0)} µs (user + system of this process, WAL checkpoint thread included)`);
    console.log(`saturation: accepted ${result.requests}, completed ${completed.completed}, failed ${completed.failed}; target ≥ ${TARGET_RATE}/s: ${rate >= TARGET_RATE ? 'met' : 'NOT met'}; p99 of the 202 there ${result.p99} ms`);
    const heldRate = atRate.rps >= TARGET_RATE * 0.97;
    console.log(`at ${TARGET_RATE}/s: ${Math.round(atRate.rps)}/s accepted, ${atRateCompleted.completed} completed, ${atRateCompleted.failed} failed; p99 of the 202 < ${TARGET_P99_MS} ms at ${TARGET_RATE}/s: ${heldRate && atRate.p99 < TARGET_P99_MS && atRateCompleted.failed === 0 ? 'met' : 'NOT met'} (${atRate.p99} ms${heldRate ? '' : ', the rate was not held'})`);
  } finally {
    await rf.stop();
    await standIn.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Executions of the bench workflow newer than `before`, by final status. */
async function countSince(rf: Relayflow, before: string | undefined): Promise<{ completed: number; failed: number }> {
  let completed = 0;
  let failed = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await rf.executions.page({ workflowId: 'bench-hook', limit: 100, cursor });
    for (const e of page.items) {
      if (e.id === before) return { completed, failed };
      if (e.status === 'completed') completed++;
      else failed++;
    }
    if (!page.nextCursor) return { completed, failed };
    cursor = page.nextCursor;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
