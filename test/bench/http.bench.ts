// HTTP egress: the same N POSTs to a local server through Relayflow (the egress client, the
// http action, and a compiled workflow of http steps run by the engine and recorded in the
// store) versus a plain axios loop with a keep-alive agent, sequentially and with 32 in flight
// (requests, or executions for the workflow), side by side as a ratio.
// Run: `npx tsx bench/http.bench.ts` (after a build) or `npm run bench`.
// Env: BENCH_HTTP_N (requests per case, default 4000), BENCH_HTTP_ROUNDS (default 5).
import axios from 'axios';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackStandIn } from './loopback-stand-in';
import { createRelayflow, HttpClient, type Relayflow } from '@relayflow/core';
import httpPlugin from '@relayflow/plugin-http';

const N = Number(process.env.BENCH_HTTP_N ?? 4000);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const CONCURRENCY = 32;
const WORKFLOW_STEPS = 10;
const TARGET = 1.15;


type Call = (i: number) => Promise<unknown>;

/** Wall time and this process's CPU time (user + system) of one block, in ms. */
interface Timing { ms: number; cpuMs: number }

async function runAll(call: Call, n: number, concurrency: number): Promise<Timing> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      await call(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

interface Case { name: string; requestsPerCall: number; call: Call }
interface Row { name: string; mode: string; ms: number; perRequestUs: number; cpuUs: number; rps: number; ratio: number; cpuRatio: number }

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(cases: Case[], concurrency: number): Promise<Map<string, Timing>> {
  const times = new Map<string, Timing[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await runAll(c.call, Math.min(500, N / c.requestsPerCall), concurrency); // warm-up
  // Rounds interleave the cases so drift (GC, CPU frequency) hits them alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) times.get(c.name)!.push(await runAll(c.call, Math.round(N / c.requestsPerCall), concurrency));
  }
  return new Map([...times].map(([name, t]) => [name, { ms: median(t.map((x) => x.ms)), cpuMs: median(t.map((x) => x.cpuMs)) }]));
}

function workflowYaml(url: string): string {
  const lines = ['name: http-bench', 'steps:'];
  for (let s = 0; s < WORKFLOW_STEPS; s++) {
    lines.push(`  - name: post_${s}`, '    type: http', '    with:', `      url: "${url}/ingest"`, '      method: POST',
      '      body:', `        event_id: "{{ event.id }}"`, `        step: ${s}`, '        message: "Workflow action triggered by \'{{ workflow.name }}\'"');
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const server = await startLoopbackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-http-bench-'));
  const rf: Relayflow = await createRelayflow({
    plugins: [httpPlugin], dataDir, env: {},
    config: { encryptionKey: 'bench-key-0123456789abcdef0123456789', networking: { allowedHosts: ['127.0.0.1'] } },
  });
  const egress = rf.container.get<HttpClient>(HttpClient);
  const agent = new Agent({ keepAlive: true });
  const body = (i: number) => ({ event_id: `evt-${i}`, message: 'Workflow action triggered by \'bench\'', severity: 'high' });
  const url = `${server.url}/ingest`;

  const target = new URL(url);
  // The floor: node:http with a keep-alive agent, JSON in and out, nothing else.
  const raw = (i: number): Promise<unknown> => new Promise((resolve, reject) => {
    const payload = JSON.stringify(body(i));
    const req = httpRequest({ agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
  const cases: Case[] = [
    { name: 'plain axios (keep-alive agent)', requestsPerCall: 1, call: (i) => axios.post(url, body(i), { httpAgent: agent }) },
    { name: 'raw node:http (keep-alive agent)', requestsPerCall: 1, call: raw },
    { name: 'egress client (HttpClient)', requestsPerCall: 1, call: (i) => egress.request({ method: 'POST', url, data: body(i) }) },
    { name: 'http action (executeAction)', requestsPerCall: 1, call: (i) => rf.executeAction({ type: 'http', params: { url, method: 'POST', body: body(i) } }) },
  ];
  // A host runs a compiled workflow per event (Relayflow.compile); the record goes to the store.
  const workflow = await rf.compile(workflowYaml(server.url), 'http-bench.yaml');
  cases.push({
    name: `workflow, ${WORKFLOW_STEPS} http steps (Relayflow.run)`, requestsPerCall: WORKFLOW_STEPS, call: async (i) => {
      const record = await rf.run(workflow, { event: { id: `evt-${i}` } });
      if (record.status !== 'completed') throw new Error(`workflow ${record.status}: ${JSON.stringify(record.error)}`);
    },
  });

  const rows: Row[] = [];
  for (const [mode, concurrency] of [['sequential', 1], [`concurrency ${CONCURRENCY}`, CONCURRENCY]] as const) {
    const medians = await measure(cases, concurrency);
    const base = medians.get(cases[0].name)!;
    for (const c of cases) {
      const { ms, cpuMs } = medians.get(c.name)!;
      const requests = Math.round(N / c.requestsPerCall) * c.requestsPerCall;
      rows.push({
        name: c.name, mode, ms, perRequestUs: (ms * 1000) / requests, cpuUs: (cpuMs * 1000) / requests, rps: requests / (ms / 1000),
        ratio: (ms / requests) / (base.ms / N), cpuRatio: (cpuMs / requests) / (base.cpuMs / N),
      });
    }
  }

  const width = Math.max(...rows.map((r) => r.name.length));
  const line = (a: string, b: string, c: string, d: string, e: string, f: string, g: string, h: string): string =>
    `${a.padEnd(width)}  ${b.padEnd(14)}  ${c.padStart(9)}  ${d.padStart(10)}  ${e.padStart(9)}  ${f.padStart(9)}  ${g.padStart(10)}  ${h.padStart(9)}`;
  console.log(`${N} POSTs per case to a local server (its own process), median of ${ROUNDS} rounds, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(line('case', 'mode', 'total ms', 'µs/request', 'req/s', 'vs axios', 'CPU µs/req', 'CPU vs axios'));
  console.log('-'.repeat(width + 86));
  for (const r of rows) console.log(line(r.name, r.mode, r.ms.toFixed(0), r.perRequestUs.toFixed(1), r.rps.toFixed(0), `${r.ratio.toFixed(3)}x`, r.cpuUs.toFixed(1), `${r.cpuRatio.toFixed(3)}x`));
  const worst = Math.max(...rows.map((r) => r.ratio));
  console.log(`\nworst ratio ${worst.toFixed(3)}x (target: within ${TARGET}x of plain axios)${worst <= TARGET ? '' : '  ← over target'}`);
  console.log('CPU time is this process\'s own (the server runs in another): on a shared machine it moves less than wall time.');

  agent.destroy();
  await rf.stop();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
