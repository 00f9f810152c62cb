import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRelayflow } from '../core/src/runtime/create-relayflow';
import { CLI, runCli, type CliResult } from './support/cli';
import { relayflowInProcess } from './support/in-process-cli';
import { rejectionOf } from './support/errors';
import { tempDir } from './support/temp-dir';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 17, item 6: the store's files were created 0644 (readable by every user on the machine)
 * and an event of any size was read whole into memory.
 */
describe('data files and event size (CLI)', function () {
  this.timeout(90_000);

  describe('file modes', () => {
    let umask: number;
    // The most permissive umask: whatever is private is so because Relayflow made it so.
    before(() => {
      umask = process.umask(0);
    });
    after(() => {
      process.umask(umask);
    });

    it('creates the data dir 0700 and relayflow.db, its WAL and shared-memory files and a generated encryption.key 0600', async () => {
      const root = tempDir();
      const dataDir = join(root, 'nested', 'data');
      writeFileSync(join(root, 'wait.yaml'), 'name: wait\nsteps:\n  - { name: pause, type: wait, with: { duration: 3s } }\n');
      writeFileSync(join(root, 'relayflow.yaml'), 'store: sqlite\n');
      const env = { PATH: process.env.PATH, HOME: process.env.HOME };
      const created = await runCli(['--data-dir', dataDir, 'connectors', 'create', '--type', 'slack', '--name', 'ops', '--secrets', '{"webhookUrl":"https://hooks.example.com/services/T/B/x"}'], { cwd: root, env });
      expect(created.code, created.stderr).to.equal(0);
      expect(mode(join(root, 'nested'))).to.equal('700');
      expect(mode(dataDir)).to.equal('700');
      expect(mode(join(dataDir, 'relayflow.db'))).to.equal('600');
      expect(mode(join(dataDir, 'encryption.key'))).to.equal('600');

      // WAL and shared-memory files exist while a run holds the store open.
      const running = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'run', 'wait.yaml'], { cwd: root, env, stdio: 'ignore' });
      const exited = new Promise((resolve) => running.on('close', resolve));
      const seen: Record<string, string> = {};
      for (let i = 0; i < 60 && Object.keys(seen).length < 2; i++) {
        await sleep(50);
        for (const suffix of ['-wal', '-shm']) {
          const file = join(dataDir, `relayflow.db${suffix}`);
          if (existsSync(file)) seen[suffix] = mode(file);
        }
      }
      await exited;
      expect(seen).to.deep.equal({ '-wal': '600', '-shm': '600' });
    });
  });

  describe('limits.eventSize', () => {
    let cwd: string;
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_ENCRYPTION_KEY: 'event-size-test-key-0123456789abcdefgh' };
    const cli = (args: string[]): Promise<CliResult> => runCli(['--data-dir', join(cwd, 'data'), ...args], { cwd, env });
    /** Pipes `input` to the CLI, which may stop reading it (and exit) before it is all written. */
    const piped = (args: string[], input: string): Promise<CliResult> => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, '--data-dir', join(cwd, 'data'), ...args], { cwd, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.stdin.on('error', () => undefined); // EPIPE: the CLI stopped reading at the limit
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });

    before(() => {
      cwd = tempDir();
      writeFileSync(join(cwd, 'echo.yaml'), 'name: echo\nsteps:\n  - { name: say, type: console, with: { message: "{{ event.text }}" } }\n');
      writeFileSync(join(cwd, 'small.yaml'), 'limits:\n  eventSize: 1kb\n');
      writeFileSync(join(cwd, 'bad-limit.yaml'), 'limits:\n  eventSize: lots\n');
    });

    it('refuses a larger --event FILE or stdin with exit 2, naming it and the limit, before parsing it', async () => {
      writeFileSync(join(cwd, 'fits.json'), JSON.stringify({ text: 'x'.repeat(900) }));
      writeFileSync(join(cwd, 'big.json'), JSON.stringify({ text: 'x'.repeat(2000) }));
      expect((await cli(['--config', 'small.yaml', 'run', 'echo.yaml', '--event', 'fits.json'])).code).to.equal(0);
      const file = await cli(['--config', 'small.yaml', 'run', 'echo.yaml', '--event', 'big.json']);
      expect(file.code).to.equal(2);
      expect(file.stderr).to.equal('error: --event big.json is larger than 1kb (1024 bytes), the limit set by limits.eventSize in relayflow.yaml; send a smaller event or raise the limit\n');
      const stdin = await piped(['--config', 'small.yaml', 'run', 'echo.yaml', '--event', '-'], JSON.stringify({ text: 'x'.repeat(5000) }));
      expect(stdin.code).to.equal(2);
      expect(stdin.stderr).to.match(/^error: --event - is larger than 1kb \(1024 bytes\), the limit set by limits\.eventSize/);

      // The default is 10mb. Text that is not JSON at all is refused for its size, so it was never parsed.
      writeFileSync(join(cwd, 'huge.txt'), 'x'.repeat(10 * 1024 * 1024 + 1));
      const huge = await cli(['run', 'echo.yaml', '--event', 'huge.txt']);
      expect(huge.code).to.equal(2);
      expect(huge.stderr).to.match(/^error: --event huge\.txt is larger than 10mb \(10485760 bytes\)/);
      const endless = await piped(['run', 'echo.yaml', '--event', '-'], 'x'.repeat(12 * 1024 * 1024));
      expect(endless.code).to.equal(2);
      expect(endless.stderr).to.match(/^error: --event - is larger than 10mb/);
    });

    it('checks the setting: a size such as 512kb or 10mb', async () => {
      const res = await cli(['--config', 'bad-limit.yaml', 'run', 'echo.yaml']);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.match(/bad-limit\.yaml:2:14: limits\.eventSize must be a size such as 512kb or 1mb \(got "lots"\)/);
    });

    it('rf.run refuses a larger event object, naming the limit', async () => {
      const rf = await createRelayflow({ dataDir: tempDir(), env: {}, plugins: [], config: { encryptionKey: 'k'.repeat(40), limits: { eventSize: '2kb' } } });
      try {
        const yaml = 'name: echo\nsteps:\n  - { name: say, type: console, with: { message: hi } }\n';
        expect((await rf.run(yaml, { event: { items: Array.from({ length: 50 }, (_v, i) => ({ i })) } })).status).to.equal('completed');
        const err = await rejectionOf(rf.run(yaml, { event: { items: Array.from({ length: 100_000 }, (_v, i) => ({ i, text: 'some text' })) } }));
        expect(err.code).to.equal('BAD_ARGUMENT');
        expect(err.message).to.equal('the event is larger than 2kb (2048 bytes), the limit set by limits.eventSize in relayflow.yaml; send a smaller event or raise the limit');
        expect((await rf.executions.list()).length).to.equal(1);
      } finally {
        await rf.stop();
      }
    });
  });
});

/**
 * Commands that only read (validate, dry runs, list and get commands) used to create the data dir
 * and an empty relayflow.db wherever they ran: a `relayflow validate` in a checkout left a
 * `.relayflow/` behind. Where the store does not exist yet they now see an empty one and create nothing.
 */
describe('commands that only read leave no data behind', function () {
  this.timeout(60_000);
  const KIBANA_EXPORT = join(__dirname, 'fixtures', 'kibana', 'connectors-export.ndjson');

  it('creates no data dir for validate, dry runs, list/get commands, types, schema and plugins; run then creates it and they read it', async () => {
    const root = tempDir('relayflow-read-only-');
    const dataDir = join(root, '.relayflow');
    const workflow = join(root, 'hello.yaml');
    writeFileSync(workflow, 'name: hello\nsteps:\n  - { name: greet, type: console, with: { message: hi } }\n');
    const cli = (...args: string[]): Promise<CliResult> => relayflowInProcess(['--data-dir', dataDir, ...args]);
    const readOnly: Array<[string[], number]> = [
      [['validate', workflow], 0], [['run', workflow, '--dry-run'], 0], [['connectors', 'list'], 0], [['connectors', 'get', 'ops'], 2],
      [['connectors', 'types'], 0], [['connectors', 'import', KIBANA_EXPORT, '--dry-run'], 0], [['executions', 'list'], 0],
      [['executions', 'get', 'last'], 2], [['workflows', 'list'], 0], [['workflows', 'get', 'hello'], 2], [['apikeys', 'list'], 0],
      [['plugins', 'list'], 0], [['schema'], 0],
    ];
    for (const [args, code] of readOnly) {
      const res = await cli(...args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).to.equal(code);
      expect(existsSync(dataDir), `relayflow ${args.join(' ')} created the data dir`).to.equal(false);
    }

    const ran = await cli('run', workflow);
    expect(ran.code, ran.stderr).to.equal(0);
    expect(existsSync(join(dataDir, 'relayflow.db'))).to.equal(true);
    const listed = await cli('executions', 'list', '--json');
    expect(listed.code, listed.stderr).to.equal(0);
    expect(JSON.parse(listed.stdout).map((e: { workflow: { name: string } }) => e.workflow.name)).to.deep.equal(['hello']);
    const dry = await cli('run', workflow, '--dry-run');
    expect(dry.code, dry.stderr).to.equal(0);
    expect((await cli('executions', 'list', '--json')).stdout).to.equal(listed.stdout);
  });
});
