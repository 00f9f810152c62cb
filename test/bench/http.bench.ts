// HTTP egress, side by side in one run: the same POSTs to a local server (in its own process)
// through raw node:http, plain axios, Relayflow's egress client, the http action, and workflows
// of http steps run by the engine with their records in the SQLite store — compiled once
// (rf.run(compiled)) and from YAML text (rf.run(text), as `relayflow run` and a host passing
// YAML do) — sequentially and with 32 in flight, as ratios to plain axios. Rounds interleave the
// cases, so drift hits them alike; the CPU time of this process is shown beside wall time (on
// a shared machine it moves much less).
// Run: `npm run bench -- http`. Env: BENCH_HTTP_N (requests per case, default 4000),
// BENCH_HTTP_ROUNDS (default 5).
import axios from 'axios';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpWorkflowYaml } from './http-workflow';
import { startLoopbackStandIn } from './loopback-stand-in';
import { createRelayflow, HttpClient, type CompiledWorkflow, type Relayflow } from '@relayflow/core';
import httpPlugin from '@relayflow/plugin-http';

const N = Number(process.env.BENCH_HTTP_N ?? 4000);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const CONCURRENCY = 32;
const WORKFLOW_STEPS = 10;
/** Issue 18's targets, against plain axios: a compiled http step, and one from YAML text. */
const TARGET_COMPILED = 1.05;
const TARGET_TEXT = 1.15;
const TARGET_EXECUTIONS_PER_S = 2200;

type Call = (i: number) => Promise<unknown>;
interface Timing { ms: number; cpuMs: number }
interface Case { name: string; requestsPerCall: number; call: Call; target?: number }
interface Row { name: string; mode: string; concurrency: number; perRequestUs: number; cpuUs: number; rps: number; callsPerS: number; ratio: number; cpuRatio: number; target?: number }

/** Runs `n` calls, `concurrency` at a time: wall time and this process's CPU time (user + system). */
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(cases: Case[], concurrency: number): Promise<Map<string, Timing>> {
  const times = new Map<string, Timing[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await runAll(c.call, Math.min(500, N / c.requestsPerCall), concurrency); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) times.get(c.name)!.push(await runAll(c.call, Math.round(N / c.requestsPerCall), concurrency));
  }
  return new Map([...times].map(([name, t]) => [name, { ms: median(t.map((x) => x.ms)), cpuMs: median(t.map((x) => x.cpuMs)) }]));
}

function runner(rf: Relayflow, workflow: CompiledWorkflow | string): Call {
  return async (i) => {
    const record = await rf.run(workflow, { event: { id: `evt-${i}` }, file: 'http-bench.yaml' });
    if (record.status !== 'completed') throw new Error(`workflow ${record.status}: ${JSON.stringify(record.error)}`);
  };
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
  const raw: Call = (i) => new Promise((resolve, reject) => {
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
  const text = httpWorkflowYaml(server.url, WORKFLOW_STEPS);
  const oneStepText = httpWorkflowYaml(server.url, 1, 'http-one');
  const cases: Case[] = [
    { name: 'plain axios (keep-alive agent)', requestsPerCall: 1, call: (i) => axios.post(url, body(i), { httpAgent: agent }) },
    { name: 'raw node:http (keep-alive agent)', requestsPerCall: 1, call: raw },
    { name: 'egress client (HttpClient)', requestsPerCall: 1, call: (i) => egress.request({ method: 'POST', url, data: body(i) }) },
    { name: 'http action (executeAction)', requestsPerCall: 1, call: (i) => rf.executeAction({ type: 'http', params: { url, method: 'POST', body: body(i) } }) },
    { name: `workflow, ${WORKFLOW_STEPS} http steps, compiled`, requestsPerCall: WORKFLOW_STEPS, call: runner(rf, await rf.compile(text, 'http-bench.yaml')), target: TARGET_COMPILED },
    { name: `workflow, ${WORKFLOW_STEPS} http steps, from YAML text`, requestsPerCall: WORKFLOW_STEPS, call: runner(rf, text), target: TARGET_TEXT },
    { name: 'workflow, 1 http step, compiled', requestsPerCall: 1, call: runner(rf, await rf.compile(oneStepText, 'http-bench.yaml')) },
  ];

  const rows: Row[] = [];
  for (const [mode, concurrency] of [['sequential', 1], [`${CONCURRENCY} in flight`, CONCURRENCY]] as const) {
    const medians = await measure(cases, concurrency);
    const base = medians.get(cases[0].name)!;
    for (const c of cases) {
      const { ms, cpuMs } = medians.get(c.name)!;
      const calls = Math.round(N / c.requestsPerCall);
      const requests = calls * c.requestsPerCall;
      rows.push({
        name: c.name, mode, concurrency, perRequestUs: (ms * 1000) / requests, cpuUs: (cpuMs * 1000) / requests, rps: requests / (ms / 1000),
        callsPerS: calls / (ms / 1000), ratio: (ms / requests) / (base.ms / N), cpuRatio: (cpuMs / requests) / (base.cpuMs / N), target: c.target,
      });
    }
  }

  const width = Math.max(...rows.map((r) => r.name.length));
  const line = (cells: string[]): string => [cells[0].padEnd(width), cells[1].padEnd(12), ...cells.slice(2).map((c) => c.padStart(10))].join('  ');
  console.log(`${N} POSTs per case to a local server (its own process), median of ${ROUNDS} rounds, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(line(['case', 'mode', 'µs/request', 'req/s', 'vs axios', 'CPU µs/req', 'CPU vs ax.']));
  console.log('-'.repeat(width + 74));
  for (const r of rows) console.log(line([r.name, r.mode, r.perRequestUs.toFixed(1), r.rps.toFixed(0), `${r.ratio.toFixed(3)}x`, r.cpuUs.toFixed(1), `${r.cpuRatio.toFixed(3)}x`]));
  console.log('');
  for (const r of rows.filter((x) => x.target !== undefined)) {
    const met = (ratio: number): string => (ratio <= (r.target as number) ? 'met' : 'not met');
    console.log(`${r.name}, ${r.mode}: ${r.ratio.toFixed(3)}x wall (${met(r.ratio)}), ${r.cpuRatio.toFixed(3)}x CPU (${met(r.cpuRatio)}); target ≤ ${r.target}x plain axios`);
  }
  const single = rows.find((r) => r.name === 'workflow, 1 http step, compiled' && r.concurrency === CONCURRENCY)!;
  console.log(`single-step executions with records, ${CONCURRENCY} in flight: ${single.callsPerS.toFixed(0)}/s (target ≥ ${TARGET_EXECUTIONS_PER_S}/s: ${single.callsPerS >= TARGET_EXECUTIONS_PER_S ? 'met' : 'not met'})`);

  agent.destroy();
  await rf.stop();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
