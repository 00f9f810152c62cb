// Start-up: how long the `relayflow` CLI takes to answer (a fresh process each time, as a user
// runs it, with every installed plugin discovered), and how long createRelayflow() takes
// in-process. Run: `npm run bench -- startup` (after a build: the CLI runs from dist).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelayflow } from '@relayflow/core';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'core', 'bin', 'relayflow.js');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCli(args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`relayflow ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-startup-bench-'));
  const workflow = join(dataDir, 'wf.yaml');
  writeFileSync(workflow, 'name: hello\nsteps:\n  - name: say\n    type: console\n    with: { message: "hi {{ event.name }}" }\n');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_DATA_DIR: dataDir, RELAYFLOW_ENCRYPTION_KEY: 'startup-bench-key-0123456789abcdefgh' };
  const node = timeCli(['--version'], env);
  const rows: Array<[string, number]> = [
    ['node + relayflow --version (no start-up of the core)', node],
    ['relayflow connectors types (discover + load 5 plugins, open store)', timeCli(['connectors', 'types'], env)],
    ['relayflow validate wf.yaml', timeCli(['validate', workflow], env)],
    ['relayflow run wf.yaml (1 console step, recorded)', timeCli(['run', workflow, '--json'], env)],
  ];
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const rf = await createRelayflow({ dataDir, env });
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
    await rf.stop();
  }
  rows.push(['createRelayflow() in-process (after the first)', median(inProcess.slice(1))]);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`median of ${RUNS} runs, Node ${process.version}`);
  console.log(`${'case'.padEnd(width)}  ${'ms'.padStart(8)}`);
  console.log('-'.repeat(width + 10));
  for (const [name, ms] of rows) console.log(`${name.padEnd(width)}  ${ms.toFixed(1).padStart(8)}`);
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => { console.error(err); process.exit(1); });
