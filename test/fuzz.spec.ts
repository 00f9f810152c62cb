import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configCaseArb, connectorCaseArb, eventOnStdin, workflowCaseArb } from './support/fuzz/cases';
import { runChildCli } from './support/fuzz/child-cli';
import { ENV_SECRET } from './support/fuzz/config-file';
import { bytesOf, runCase, type CaseRunner, type FuzzCase } from './support/fuzz/fuzz-case';
import { InProcessCli } from './support/fuzz/in-process-cli';
import { fuzzSettings } from './support/fuzz/settings';
import { tempDir } from './support/temp-dir';

/** `run`, `connectors create`, ...: the command's words, without options and files. */
function commandOf(args: string[]): string {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('-')) { i += ['--config', '--data-dir', '--event', '--input', '--type', '--name', '--id', '--secrets'].includes(args[i]) ? 1 : 0; continue; }
    if (args[i].startsWith('/') || args[i].includes('$')) continue;
    words.push(args[i]);
    if (words.length === 2 || ['run', 'validate'].includes(args[i])) break;
  }
  return words.join(' ');
}

const REGRESSIONS = join(__dirname, 'fixtures', 'fuzz');

/** Flags whose value is JSON (inline or @file). */
const JSON_FLAGS = new Set(['--config', '--secrets', '--params']);

/** The environment of every run: a secret in FZ_SECRET, a key in FZ_KEY; logs at the default level, as JSON. */
const ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, FZ_SECRET: ENV_SECRET, FZ_KEY: 'f'.repeat(40), RELAYFLOW_LOG_FORMAT: 'json' };

/** Counts for the summary line. */
const tally = { cases: 0, commands: 0, exits: new Map<string, number>(), byCommand: new Map<string, Map<string, number>>() };

/**
 * Issue 17, item 8: generated workflows, relayflow.yaml files, events and connector JSON — with
 * keys named like Object.prototype members at any depth, deep nesting, huge numbers, NUL and
 * invalid UTF-8 — through `validate`, `run --dry-run` and `connectors create`: every outcome is
 * exit 0, 1 or 2 with a message, never an internal error, a stack trace, a hang or a secret in
 * the output. Most cases run in-process (the CLI's `main` with captured streams, in a worker
 * thread stopped at the time limit); some through the real `relayflow` as child processes.
 * Every failure found is kept in test/fixtures/fuzz/ and replayed first.
 */
describe('fuzzing the relayflow CLI', function () {
  const settings = fuzzSettings();
  this.timeout(0);
  let cli: InProcessCli;
  let root: string;
  let caseNo = 0;
  const started = Date.now();

  before(() => {
    cli = new InProcessCli(ENV);
    root = tempDir('relayflow-fuzz-');
    if (process.env.FUZZ_SEED) process.stdout.write(`      fuzz seed ${settings.seed} (FUZZ_SEED=${settings.seed} replays it)\n`);
  });

  after(async () => {
    await cli.stop();
    const exits = [...tally.exits].sort().map(([code, n]) => `exit ${code}: ${n}`).join(', ');
    if (process.env.FUZZ_VERBOSE) {
      for (const [command, counts] of tally.byCommand) process.stdout.write(`      ${command}: ${[...counts].sort().map(([c, n]) => `exit ${c}: ${n}`).join(', ')}\n`);
    }
    process.stdout.write(`      fuzz: ${tally.cases} cases, ${tally.commands} commands in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${settings.seed}; ${exits})\n`);
  });

  const inProcess: CaseRunner = (args) => cli.run(args, settings.inProcessLimitMs);
  // A process's arguments cannot hold NUL, nor one longer than 128 KiB (spawn fails with E2BIG):
  // such a JSON argument goes to the child as @file, as a user would pass it.
  const inChild: CaseRunner = (args, run, dir) => runChildCli(args.map((a, i) => {
    if (a.length <= 100_000 || !JSON_FLAGS.has(args[i - 1])) return a.replaceAll('\u0000', '');
    const file = join(dir, `argument-${i}.json`);
    writeFileSync(file, a);
    return `@${file}`;
  }), {
    cwd: dir, env: ENV, input: run.stdin ? bytesOf(run.stdin) : undefined, timeLimitMs: settings.childLimitMs,
  });

  /** Runs a case in its own folder; fails with every problem and the case itself. */
  async function check(fuzzCase: FuzzCase, dataDir: string, runner: CaseRunner): Promise<void> {
    const dir = join(root, `case-${++caseNo}`);
    const result = await runCase(fuzzCase, dir, dataDir, runner);
    tally.cases++;
    tally.commands += result.outcomes.length;
    result.outcomes.forEach((o, i) => {
      const key = o.timedOut ? 'timeout' : String(o.code);
      tally.exits.set(key, (tally.exits.get(key) ?? 0) + 1);
      const command = commandOf(fuzzCase.runs[i].args);
      const counts = tally.byCommand.get(command) ?? new Map<string, number>();
      counts.set(key, (counts.get(key) ?? 0) + 1);
      tally.byCommand.set(command, counts);
    });
    if (result.problems.length) {
      throw new Error(`${result.problems.join('\n')}\nkeep this case as test/fixtures/fuzz/NAME.json:\n${JSON.stringify(fuzzCase)}`);
    }
  }

  /**
   * @param shrink - shrink a failing case to a small one (each step runs the case again: cheap
   *   in-process, a second or more per command for child processes, which report the case as found)
   */
  function property(name: string, arb: fc.Arbitrary<FuzzCase>, numRuns: number, runner: CaseRunner, shrink = true): void {
    it(`${name} (${numRuns} cases)`, async () => {
      const dataDir = tempDir('relayflow-fuzz-data-');
      await fc.assert(fc.asyncProperty(arb, (c) => check(c, dataDir, runner)), { seed: settings.seed, numRuns, endOnFailure: !shrink, verbose: 0 });
    });
  }

  it('replays every case kept from earlier failures', async function () {
    const kept = readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json'));
    expect(kept.length).to.be.greaterThan(0);
    for (const file of kept) {
      const fuzzCase = JSON.parse(readFileSync(join(REGRESSIONS, file), 'utf8')) as FuzzCase & { description: string };
      const dataDir = tempDir('relayflow-fuzz-data-');
      const result = await runCase(fuzzCase, join(root, `kept-${file}`), dataDir, inProcess);
      expect(result.problems, `${file}: ${fuzzCase.description}`).to.deep.equal([]);
    }
  });

  property('validate and run --dry-run take any workflow file and event', workflowCaseArb, settings.workflows, inProcess);
  property('validate, run --dry-run and connectors list take any relayflow.yaml', configCaseArb, settings.configs, inProcess);
  property('connectors create (and update) take any type, name, id, config and secrets JSON', connectorCaseArb, settings.connectors, inProcess);
  property('the real relayflow, as a child process, on cases of every kind (events on stdin too)', fc.oneof(workflowCaseArb.chain((c) => fc.constantFrom(c, eventOnStdin(c))), configCaseArb, connectorCaseArb), settings.children, inChild, false);
});
