// Start-up: how long the `relayflow` CLI takes to answer (a fresh process each time, as a user
// runs it, with every installed plugin discovered), and how long createRelayflow() takes
// in-process. Run: `npm run bench -- startup` (after a build: the CLI runs from dist).
// Wall time moves with whatever else the machine runs; the CPU time the process used (user +
// system, read with /usr/bin/time when there is one) moves much less, so both are shown.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelayflow } from '@relayflow/core';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'core', 'bin', 'relayflow.js');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
const TIME = '/usr/bin/time';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Timing { wallMs: number; cpuMs?: number }

/** One fresh process: wall time, and its CPU time when /usr/bin/time can tell. */
function once(args: string[], env: NodeJS.ProcessEnv): Timing {
  const timed = existsSync(TIME);
  const started = process.hrtime.bigint();
  const res = timed
    ? spawnSync(TIME, ['-f', '\n@cpu %U %S', process.execPath, ...args], { cwd: ROOT, env, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  const cpu = /@cpu ([\d.]+) ([\d.]+)\s*$/.exec(res.stderr ?? '');
  return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined };
}

function timeCommand(args: string[], env: NodeJS.ProcessEnv): Timing {
  const runs = Array.from({ length: RUNS }, () => once(args, env));
  const cpu = runs.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: cpu.length ? median(cpu) : undefined };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-startup-bench-'));
  const workflow = join(dataDir, 'wf.yaml');
  writeFileSync(workflow, 'name: hello\nsteps:\n  - name: say\n    type: console\n    with: { message: "hi {{ event.name }}" }\n');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_DATA_DIR: dataDir, RELAYFLOW_ENCRYPTION_KEY: 'startup-bench-key-0123456789abcdefgh' };
  const rows: Array<[string, Timing]> = [
    ['node -e 0 (bare Node.js, the floor)', timeCommand(['-e', '0'], env)],
    ['relayflow --version (no start-up of the core)', timeCommand([CLI, '--version'], env)],
    ['relayflow --help (the commands, no core)', timeCommand([CLI, '--help'], env)],
    ['relayflow connectors types (discover + load 5 plugins, open store)', timeCommand([CLI, 'connectors', 'types'], env)],
    ['relayflow validate wf.yaml', timeCommand([CLI, 'validate', workflow], env)],
    ['relayflow run wf.yaml (1 console step, recorded)', timeCommand([CLI, 'run', workflow, '--json'], env)],
  ];
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const rf = await createRelayflow({ dataDir, env });
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
    await rf.stop();
  }
  rows.push(['createRelayflow() in-process (after the first)', { wallMs: median(inProcess.slice(1)) }]);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`median of ${RUNS} runs, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'case'.padEnd(width)}  ${'wall ms'.padStart(8)}  ${'CPU ms'.padStart(8)}`);
  console.log('-'.repeat(width + 20));
  for (const [name, t] of rows) console.log(`${name.padEnd(width)}  ${t.wallMs.toFixed(1).padStart(8)}  ${(t.cpuMs === undefined ? '' : t.cpuMs.toFixed(0)).padStart(8)}`);
  console.log('targets: --version and --help < 100 ms, validate < 200 ms, run < 250 ms (wall, on a quiet machine)');
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => { console.error(err); process.exit(1); });
