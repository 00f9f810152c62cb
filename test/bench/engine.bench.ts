// Engine overhead per step and the store's cost per step, for console-only workflows.
// Run with `npm run bench` (or `npm run bench -- engine`).
import { createRelayflow, definePlugin, defineStepKind, WorkflowService, StepKindRegistry, Logger, Store, type CompiledWorkflow, type StepKind } from '@relayflow/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionRun } from '../../core/src/workflow/engine/execution-run';

interface Row { case: string; steps: number; executions: number; usPerStep: number; cpuUsPerStep: number; execPerSec: number }

function consoleWorkflow(name: string, steps: number): string {
  const lines = [`name: ${name}`, 'consts: { team: secops }', 'steps:'];
  for (let i = 0; i < steps; i++) lines.push(`  - { name: s${i}, type: console, with: { message: "step ${i} for {{ consts.team }} {{ event.id }}" } }`);
  return `${lines.join('\n')}\n`;
}

function mixedWorkflow(): string {
  return `name: mixed
steps:
  - { name: set, type: data.set, with: { hosts: ["a", "b", "c", "d"], level: 3 } }
  - name: each
    type: console
    foreach: "\${{ variables.hosts }}"
    if: "variables.level > 2"
    with: { message: "host {{ foreach.item }} ({{ foreach.index }}/{{ foreach.total }})" }
  - name: branch
    type: if
    condition: "steps.each.output: host* and event.id: *"
    steps:
      - { name: yes, type: console, with: { message: "{{ steps.set.output.hosts.length }} hosts" } }
`;
}

/**
 * Two step kinds that do nothing: one with effects outside the execution (its completion is a
 * checkpoint: committed before the next step starts), one pure (group-committed). The difference
 * per step is what a checkpoint costs.
 */
function noopKind(kind: string, pure: boolean): StepKind {
  return defineStepKind({
    kind, keys: {}, pure,
    handles: (type) => type === kind,
    types: () => [{ type: kind }],
    compile: ({ base }) => ({ ...base, kind }),
    run: async () => null,
  });
}
const benchKinds = definePlugin({
  id: 'bench-kinds', sdk: '^1',
  setup(ctx) {
    ctx.registerStepKind(noopKind('bench.effect', false));
    ctx.registerStepKind(noopKind('bench.pure', true));
  },
});

function noopWorkflow(type: string, steps: number): string {
  const lines = [`name: ${type.replace('.', '-')}`, 'steps:'];
  for (let i = 0; i < steps; i++) lines.push(`  - { name: s${i}, type: ${type} }`);
  return `${lines.join('\n')}\n`;
}

async function measure(label: string, iterations: number, stepsPerRun: number, runOnce: () => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < Math.min(200, iterations); i++) await runOnce();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await runOnce();
  const ns = Number(process.hrtime.bigint() - started);
  const used = process.cpuUsage(cpu);
  return {
    case: label, steps: stepsPerRun, executions: iterations, usPerStep: ns / 1000 / (iterations * stepsPerRun),
    cpuUsPerStep: (used.user + used.system) / (iterations * stepsPerRun), execPerSec: iterations / (ns / 1e9),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-bench-'));
  const rf = await createRelayflow({ plugins: [benchKinds], dataDir, env: {}, config: { encryptionKey: 'bench-key-0123456789abcdef0123456789' } });
  const service = rf.container.get<WorkflowService>(WorkflowService);
  const deps = { kinds: rf.container.get<StepKindRegistry>(StepKindRegistry), logger: rf.container.get<Logger>(Logger) };
  const store = rf.container.get<Store>(Store);
  const event = { id: 'evt-1' };

  // Each run ends with a turn of the event loop, so the store's batched commit (setImmediate)
  // happens inside the measurement, as it would between real executions.
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const memory = (wf: CompiledWorkflow) => async () => {
    const record = await new ExecutionRun(wf, deps, { event, inputs: {}, dryRun: false }).execute();
    await turn();
    return record;
  };
  const persisted = (wf: CompiledWorkflow) => async () => {
    const record = await new ExecutionRun(wf, { ...deps, store: store.executions }, { event, inputs: {}, dryRun: false }).execute();
    await turn();
    return record;
  };

  const wf100 = await service.compile(consoleWorkflow('console-100', 100));
  const wf10 = await service.compile(consoleWorkflow('console-10', 10));
  const wf1 = await service.compile(consoleWorkflow('console-1', 1));
  const mixed = await service.compile(mixedWorkflow());
  const mixedSteps = (await memory(mixed)()).steps.length;

  const rows: Row[] = [];
  rows.push(await measure('100 console steps, engine only', 300, 100, memory(wf100)));
  rows.push(await measure('100 console steps, SQLite store', 300, 100, persisted(wf100)));
  rows.push(await measure('10 console steps, engine only', 3000, 10, memory(wf10)));
  rows.push(await measure('10 console steps, SQLite store', 3000, 10, persisted(wf10)));
  rows.push(await measure('1 console step, engine only', 10000, 1, memory(wf1)));
  rows.push(await measure('1 console step, SQLite store', 10000, 1, persisted(wf1)));
  rows.push(await measure(`mixed (data.set, foreach+if, if block: ${mixedSteps} records), engine only`, 3000, mixedSteps, memory(mixed)));
  rows.push(await measure(`mixed (${mixedSteps} records), SQLite store`, 3000, mixedSteps, persisted(mixed)));
  const effect10 = await service.compile(noopWorkflow('bench.effect', 10));
  const pure10 = await service.compile(noopWorkflow('bench.pure', 10));
  const checkpointRows = [rows.length, rows.length + 1];
  rows.push(await measure('10 steps with effects (each completion a checkpoint), SQLite store', 3000, 10, persisted(effect10)));
  rows.push(await measure('10 pure steps (group commit), SQLite store', 3000, 10, persisted(pure10)));
  const yaml10 = consoleWorkflow('console-10', 10);
  rows.push(await measure('10 steps via Relayflow.run(YAML text) (compiled once, cached; + store)', 500, 10, async () => {
    await rf.run(yaml10, { event });
    await turn();
  }));

  const width = Math.max(...rows.map((r) => r.case.length));
  const line = (c: string, s: string, e: string, u: string, p: string, x: string): string => `${c.padEnd(width)}  ${s.padStart(5)}  ${e.padStart(6)}  ${u.padStart(10)}  ${p.padStart(12)}  ${x.padStart(12)}`;
  console.log(`Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (CPU µs/step: this process's threads, SQLite's WAL checkpoint thread included)`);
  console.log(line('case', 'steps', 'runs', 'µs/step', 'CPU µs/step', 'executions/s'));
  console.log('-'.repeat(width + 57));
  for (const r of rows) console.log(line(r.case, String(r.steps), String(r.executions), r.usPerStep.toFixed(2), r.cpuUsPerStep.toFixed(2), r.execPerSec.toFixed(0)));
  const storeCost = (rows[1].usPerStep - rows[0].usPerStep);
  console.log(`\nstore cost per step (SQLite, WAL, batched commits, no fsync per step): ~${storeCost.toFixed(2)} µs (100-step runs)`);
  console.log(`engine overhead per console step: ${rows[0].usPerStep.toFixed(2)} µs (${rows[0].cpuUsPerStep.toFixed(2)} µs CPU; issue 18's target for a compiled console step: < 10 µs)`);
  const [withCheckpoints, without] = checkpointRows.map((i) => rows[i].usPerStep);
  console.log(`checkpoint cost per step (SQLite, a commit awaited before the next step): ~${(withCheckpoints - without).toFixed(2)} µs`);

  await rf.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
