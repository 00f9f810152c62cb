// Memory: the resident set size of a process that ran 20,000 executions — single-step http
// workflows, 32 in flight, records persisted in the SQLite store, the http stand-in in its own
// process — once from a compiled workflow and once from YAML text (the same text each time, as
// a host or a webhook would), with the heap after a full GC. Run: `npm run bench -- rss`.
// Env: BENCH_RSS_EXECUTIONS (default 20000).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpWorkflowYaml } from './http-workflow';
import { startLoopbackStandIn } from './loopback-stand-in';
import { createRelayflow, type CompiledWorkflow, type Relayflow } from '@relayflow/core';
import httpPlugin from '@relayflow/plugin-http';

const EXECUTIONS = Number(process.env.BENCH_RSS_EXECUTIONS ?? 20000);
const CONCURRENCY = 32;
const TARGET_MB = 150;
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

async function runMany(rf: Relayflow, workflow: CompiledWorkflow | string): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < EXECUTIONS) {
      const i = next++;
      const record = await rf.run(workflow, { event: { id: `evt-${i}` }, file: 'rss.yaml' });
      if (record.status !== 'completed') throw new Error(`workflow ${record.status}: ${JSON.stringify(record.error)}`);
    }
  }));
  return EXECUTIONS / (Number(process.hrtime.bigint() - started) / 1e9);
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const server = await startLoopbackStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-rss-bench-'));
  const rf = await createRelayflow({
    plugins: [httpPlugin], dataDir, env: {},
    config: { encryptionKey: 'bench-key-0123456789abcdef0123456789', networking: { allowedHosts: ['127.0.0.1'] } },
  });
  const text = httpWorkflowYaml(server.url, 1, 'rss');
  collect();
  const before = process.memoryUsage();
  const rows: Array<[string, number, NodeJS.MemoryUsage]> = [];
  rows.push(['compiled workflow', await runMany(rf, await rf.compile(text, 'rss.yaml')), process.memoryUsage()]);
  rows.push(['from YAML text', await runMany(rf, text), process.memoryUsage()]);
  collect();
  const settled = process.memoryUsage();
  console.log(`${EXECUTIONS} single-step http executions per case, ${CONCURRENCY} in flight, records in SQLite, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`after start-up: RSS ${mb(before.rss)} MB, heap ${mb(before.heapUsed)} MB`);
  for (const [name, rate, usage] of rows) console.log(`after ${EXECUTIONS} more (${name}, ${rate.toFixed(0)}/s): RSS ${mb(usage.rss)} MB, heap ${mb(usage.heapUsed)} MB`);
  console.log(`after a full GC${(globalThis as { gc?: unknown }).gc ? '' : ' (not available: run node with --expose-gc)'}: RSS ${mb(settled.rss)} MB, heap ${mb(settled.heapUsed)} MB`);
  const peak = Math.max(...rows.map(([, , u]) => u.rss));
  console.log(`target: RSS < ${TARGET_MB} MB after ${EXECUTIONS} executions: ${peak / 1024 / 1024 < TARGET_MB ? 'met' : 'not met'} (highest ${mb(peak)} MB)`);
  await rf.stop();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
