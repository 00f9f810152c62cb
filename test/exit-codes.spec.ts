import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

/** How long a refused command may take at most (a start of the CLI is well under 2 s on this machine). */
const TIME_LIMIT_MS = 15_000;

/** Runs the CLI and kills it when it outlives the time limit (then `code` is null and `timedOut` true). */
function runWithin(args: string[], cwd: string, input = ''): Promise<CliResult & { timedOut: boolean; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_ENCRYPTION_KEY: 'exit-codes-test-key-0123456789abcdef' } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIME_LIMIT_MS);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, ms: Date.now() - started });
    });
    child.stdin.end(input);
  });
}

/** Exit 2, one plain message, no stack trace, in time. */
function expectRefused(res: CliResult & { timedOut: boolean }, what: string): void {
  expect(res.timedOut, `${what} hung (killed after ${TIME_LIMIT_MS} ms)`).to.equal(false);
  expect(res.code, `${what}: ${res.stderr}`).to.equal(2);
  expect(res.stderr, what).to.not.match(/^\s+at /m);
  expect(res.stderr, what).to.not.include('Maximum call stack');
}

/**
 * Issue 17, item 5: inputs that hung the CLI or ended it with exit 1 and an internal message
 * now exit 2 with a message that names what is wrong, where, and the limit.
 */
describe('bad input exits 2 in time, naming what and where (CLI)', function () {
  this.timeout(120_000);
  let cwd: string;

  before(() => {
    cwd = tempDir();
    writeFileSync(join(cwd, 'ok.yaml'), 'name: ok\nsteps:\n  - { name: hi, type: console, with: { message: hi } }\n');
    mkdirSync(join(cwd, 'events'));
  });

  it('--data-dir /proc/x: a command that writes exits 2 naming the dir instead of hanging; one that only reads finds no store', async function () {
    if (!existsSync('/proc/self')) this.skip();
    const writing = [['run', 'ok.yaml'], ['connectors', 'create', '--type', 'http', '--name', 'api', '--config', '{"url":"https://api.example.com"}'], ['apikeys', 'create', '--name', 'ci', '--scopes', 'read']];
    const results = await Promise.all(writing.map((args) => runWithin(['--data-dir', '/proc/x', ...args], cwd)));
    results.forEach((res, i) => {
      expectRefused(res, writing[i].join(' '));
      expect(res.stderr).to.match(/^error: cannot open the store at \/proc\/x\/relayflow\.db: the data dir \/proc\/x cannot be created.*check --data-dir/m);
    });
    // Nothing to create for these (see data-files.spec.ts): they see an empty store, in time.
    const reading = [['validate', 'ok.yaml'], ['plugins', 'list'], ['connectors', 'list'], ['executions', 'list']];
    const read = await Promise.all(reading.map((args) => runWithin(['--data-dir', '/proc/x', ...args], cwd)));
    read.forEach((res, i) => {
      expect(res.timedOut, reading[i].join(' ')).to.equal(false);
      expect(res.code, `${reading[i].join(' ')}: ${res.stderr}`).to.equal(0);
    });
  });

  it('a YAML file nested 2,000 levels: the workflow or relayflow.yaml, named with the limit', async () => {
    const flow = `name: deep\nsteps:\n  - name: a\n    type: console\n    with:\n      message: hi\n      x: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
    let block = 'name: deep\nsteps:\n  - name: a\n    type: console\n    with:\n      message: hi\n      x:\n';
    for (let i = 0; i < 2000; i++) block += `${' '.repeat(8 + 2 * i)}a:\n`;
    writeFileSync(join(cwd, 'flow.yaml'), flow);
    writeFileSync(join(cwd, 'block.yaml'), `${block}${' '.repeat(4008)}1\n`);
    for (const file of ['flow.yaml', 'block.yaml']) {
      for (const command of ['validate', 'run']) {
        const res = await runWithin([command, file, '--data-dir', join(cwd, 'data')], cwd);
        expectRefused(res, `${command} ${file}`);
        expect(res.stderr).to.match(new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: the document nests deeper than 100 levels \\(the limit for a YAML file\\)`, 'm'));
      }
    }
    writeFileSync(join(cwd, 'deep-config.yaml'), `networking:\n  proxyHeaders: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}\n`);
    for (const args of [['plugins', 'list'], ['validate', 'ok.yaml'], ['connectors', 'list']]) {
      const res = await runWithin(['--config', 'deep-config.yaml', '--data-dir', join(cwd, 'data'), ...args], cwd);
      expectRefused(res, args.join(' '));
      expect(res.stderr).to.match(/deep-config\.yaml:2:\d+: the document nests deeper than 100 levels \(the limit for a YAML file\)/);
    }
  });

  it('executions list --limit 99999999999999999999 names the flag and its range', async () => {
    const res = await runWithin(['executions', 'list', '--limit', '99999999999999999999', '--data-dir', join(cwd, 'data')], cwd);
    expectRefused(res, 'executions list --limit');
    expect(res.stderr).to.equal('error: --limit must be a whole number from 1 to 9007199254740991 (got 99999999999999999999)\n');
    const largest = await runWithin(['executions', 'list', '--limit', '9007199254740991', '--json', '--data-dir', join(cwd, 'data')], cwd);
    expect(largest.code, largest.stderr).to.equal(0);
  });

  it('--event DIR names the path and what to give instead', async () => {
    const res = await runWithin(['run', 'ok.yaml', '--event', 'events', '--data-dir', join(cwd, 'data')], cwd);
    expectRefused(res, 'run --event DIR');
    expect(res.stderr).to.equal('error: cannot read --event events: it is a directory; give a JSON file, or - to read the event from stdin\n');
  });
});
