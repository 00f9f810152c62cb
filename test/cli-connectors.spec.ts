import Database from 'better-sqlite3';
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ECHO_PLUGIN, runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

const KEY = 'cli-test-encryption-key-0123456789abcdef';
const NEW_KEY = 'a-brand-new-key-for-rotation-0123456789';
const STORED_SECRET = 'stored-secret-value-4242';
const PRE_SECRET = 'preconfigured-secret-value-9898';
const GENERATED_KEY_SECRET = 'generated-key-secret-5151';
const BYTES_SECRET = 'bytes-on-disk-secret-7373';
/** What no CLI output may ever contain. */
const SECRETS = [KEY, NEW_KEY, STORED_SECRET, PRE_SECRET, GENERATED_KEY_SECRET, BYTES_SECRET];

/** Every file under `dir`, recursively. */
function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesIn(join(dir, name)) : [join(dir, name)]));
}

describe('relayflow connectors (CLI)', function () {
  this.timeout(60_000);
  let cwd: string;
  const env = (): NodeJS.ProcessEnv => ({ RELAYFLOW_ENCRYPTION_KEY: KEY, PRE_TOKEN: PRE_SECRET });
  /**
   * The one way this file runs the CLI (in the project unless `cwd` is given, with `env()` unless
   * `env` is given): every output is checked for secrets as soon as the command ends.
   */
  const cli = async (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> => {
    const result = await runCli(args, { cwd: options.cwd ?? cwd, env: options.env ?? env() });
    for (const secret of SECRETS) {
      expect(result.stdout + result.stderr, `relayflow ${args.join(' ')} printed a secret`).to.not.include(secret);
    }
    return result;
  };

  before(() => {
    cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), [
      `plugins: ["${ECHO_PLUGIN}"]`,
      'connectors:',
      '  - id: 9d7c5b3a-1e2f-4a6b-8c9d-0e1f2a3b4c5d',
      '    name: pre-echo',
      '    type: echo',
      '    config:',
      '      prefix: "pre:"',
      '    secrets:',
      '      token: ${env:PRE_TOKEN}',
      '',
    ].join('\n'));
  });

  it('lists the registered types', async () => {
    const res = await cli(['connectors', 'types']);
    expect(res.code).to.equal(0);
    expect(res.stdout).to.match(/echo\s+│\s+Echo \(test\)\s+│\s+echo-fixture\s+│\s+say\*, fail, leak/);
  });

  it('creates, lists, gets, tests and deletes a connector', async () => {
    const created = await cli(['connectors', 'create', '--type', 'echo', '--name', 'e1', '--config', '{"prefix":"> "}', '--secrets', JSON.stringify({ token: STORED_SECRET }), '--json']);
    expect(created.code, created.stderr).to.equal(0);
    const connector = JSON.parse(created.stdout);
    expect(connector).to.deep.include({ name: 'e1', type: 'echo', config: { prefix: '> ' }, isPreconfigured: false });

    const list = await cli(['connectors', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((c: { name: string; isPreconfigured: boolean }) => [c.name, c.isPreconfigured]))
      .to.deep.equal([['e1', false], ['pre-echo', true]]);
    const table = await cli(['connectors', 'list']);
    expect(table.stdout).to.match(/e1\s+│\s+echo\s+│\s+no/).and.match(/pre-echo\s+│\s+echo\s+│\s+yes/);

    const byId = await cli(['connectors', 'get', connector.id, '--json']);
    expect(JSON.parse(byId.stdout).name).to.equal('e1');

    const tested = await cli(['connectors', 'test', 'e1', '--params', '{"message":"hi"}', '--json']);
    expect(tested.code).to.equal(0);
    expect(JSON.parse(tested.stdout)).to.deep.equal({ status: 'ok', data: { message: '> hi', tokenLength: STORED_SECRET.length } });

    const kibana = await cli(['connectors', 'test', 'pre-echo', '--params', '{"subAction":"fail","subActionParams":{"retry":true}}']);
    expect(kibana.code).to.equal(1);
    expect(JSON.parse(kibana.stdout)).to.deep.equal({
      status: 'error', message: 'failed on purpose (token [REDACTED])', serviceMessage: 'remote said no to [REDACTED]', retry: true,
    });

    const leak = await cli(['connectors', 'test', 'e1', '--action', 'leak', '--params', '{"message":"x"}']);
    expect(JSON.parse(leak.stdout).data).to.deep.equal({ echoed: 'x', token: '[REDACTED]', nested: { auth: 'Bearer [REDACTED]' } });

    const healthy = await cli(['connectors', 'test', 'e1']);
    expect(JSON.parse(healthy.stdout)).to.deep.equal({ status: 'ok', data: { reachable: true, tokenLength: STORED_SECRET.length } });

    const deleted = await cli(['connectors', 'delete', 'e1']);
    expect(deleted.code).to.equal(0);
    expect(deleted.stdout).to.include(`deleted connector e1 (${connector.id})`);
    expect((await cli(['connectors', 'get', 'e1'])).code).to.equal(2);
  });

  it('reports validation problems with field paths and exit code 2', async () => {
    const res = await cli(['connectors', 'create', '--type', 'echo', '--name', 'bad', '--secrets', '{"token":"short"}', '--config', '{"nope":1}']);
    expect(res.code).to.equal(2);
    expect(res.stderr).to.include('error: config.nope: unknown key "nope"').and.include('secrets.token must be longer than or equal to 8 characters');
    expect(res.stdout).to.equal('');
  });

  it('refuses preconfigured connectors changes, bad JSON, bad flags and unknown names with exit code 2', async () => {
    for (const args of [
      ['connectors', 'delete', 'pre-echo'],
      ['connectors', 'update', 'pre-echo', '--name', 'x'],
      ['connectors', 'create', '--type', 'echo', '--name', 'x', '--secrets', '{oops'],
      ['connectors', 'list', '--no-such-flag'],
      ['connectors', 'test', 'nobody', '--params', '{}'],
    ]) {
      const res = await cli(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).to.equal(2);
      expect(res.stderr).to.match(/^error: /m);
      expect(res.stderr).to.not.match(/^\s+at /m);
    }
  });

  it('accepts the config file before the command and --config FILE after it', async () => {
    const other = tempDir();
    const res = await cli(['--config', join(cwd, 'relayflow.yaml'), 'connectors', 'list', '--json'], { cwd: other });
    expect(JSON.parse(res.stdout).map((c: { name: string }) => c.name)).to.include('pre-echo');
    const after = await cli(['connectors', 'types', '--config', join(cwd, 'relayflow.yaml'), '--json'], { cwd: other });
    expect(JSON.parse(after.stdout)[0].id).to.equal('echo');
  });

  it('names a missing environment variable with FILE:LINE:COL and exit code 2', async () => {
    const res = await cli(['connectors', 'list'], { env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
    expect(res.code).to.equal(2);
    expect(res.stderr.trim()).to.equal(`${join(cwd, 'relayflow.yaml')}:9:14: environment variable PRE_TOKEN is not set (referenced as \${env:PRE_TOKEN})`);
  });

  it('exits 2 with a plain message and no stack trace when the key is wrong, and rotates keys', async () => {
    await cli(['connectors', 'create', '--type', 'echo', '--name', 'rot', '--secrets', JSON.stringify({ token: STORED_SECRET })]);
    const rotating = { env: { ...env(), RELAYFLOW_ENCRYPTION_KEY: NEW_KEY } };
    const wrong = await cli(['connectors', 'list'], rotating);
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.match(/^error: the encryption key is wrong/);
    expect(wrong.stderr).to.not.match(/^\s+at /m);

    writeFileSync(join(cwd, 'rotate.yaml'), readFileSync(join(cwd, 'relayflow.yaml'), 'utf8') + `decryptionOnlyKeys: ["${KEY}"]\n`);
    expect((await cli(['--config', 'rotate.yaml', 'connectors', 'update', 'rot'], rotating)).code).to.equal(0);
    const after = await cli(['connectors', 'test', 'rot', '--params', '{"message":"m"}'], rotating);
    expect(after.code, after.stderr).to.equal(0);
    expect((await cli(['connectors', 'delete', 'rot'], rotating)).code).to.equal(0);
  });

  it('refuses a short key, a lost generated key and an unusable data dir with exit code 2', async () => {
    const short = await cli(['connectors', 'list'], { env: { ...env(), RELAYFLOW_ENCRYPTION_KEY: 'short' } });
    expect(short.code).to.equal(2);
    expect(short.stderr).to.match(/^error: RELAYFLOW_ENCRYPTION_KEY must be at least 32 characters/);

    const dir = tempDir();
    const base = ['--config', join(cwd, 'relayflow.yaml'), '--data-dir', dir];
    const noKey = { env: { PRE_TOKEN: PRE_SECRET } };
    expect((await cli([...base, 'connectors', 'create', '--type', 'echo', '--name', 'g', '--secrets', JSON.stringify({ token: GENERATED_KEY_SECRET })], noKey)).code).to.equal(0);
    rmSync(join(dir, 'encryption.key'));
    const lost = await cli([...base, 'connectors', 'list'], noKey);
    expect(lost.code).to.equal(2);
    expect(lost.stderr).to.match(/holds encrypted secrets, but no encryption key is configured and none was generated there/);
    expect(existsSync(join(dir, 'encryption.key'))).to.equal(false);

    writeFileSync(join(dir, 'not-a-dir'), '');
    const bad = await cli(['--data-dir', join(dir, 'not-a-dir'), 'connectors', 'list']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^error: cannot open the store at .*check --data-dir/);
  });

  it('never writes a secret in clear to the data dir: database, WAL and shared-memory files included', async () => {
    const dataDir = tempDir('relayflow-bytes-');
    const base = ['--config', join(cwd, 'relayflow.yaml'), '--data-dir', dataDir];
    const created = await cli([...base, 'connectors', 'create', '--type', 'echo', '--name', 'on-disk', '--secrets', JSON.stringify({ token: BYTES_SECRET })]);
    expect(created.code, created.stderr).to.equal(0);
    // A run that uses both connectors' secrets (the leak action returns them, redacted), then
    // waits with the store open: its WAL and shared-memory files exist while we read them.
    writeFileSync(join(dataDir, 'leak.yaml'), [
      'name: leak-then-wait',
      'steps:',
      '  - { name: stored, type: echo.leak, connector-id: on-disk, with: { message: a } }',
      '  - { name: preconfigured, type: echo.leak, connector-id: pre-echo, with: { message: b } }',
      '  - { name: hold, type: wait, with: { duration: 4s } }',
      '',
    ].join('\n'));
    const running = cli([...base, 'run', join(dataDir, 'leak.yaml'), '--json']);
    const wal = join(dataDir, 'relayflow.db-wal');
    for (const deadline = Date.now() + 10_000; !(existsSync(wal) && statSync(wal).size > 0); ) {
      if (Date.now() > deadline) throw new Error(`${wal} did not appear while the run was going`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Wait until the two leak steps' results are committed (their outputs are what could leak).
    for (const deadline = Date.now() + 10_000; committedSteps(join(dataDir, 'relayflow.db')) < 2; ) {
      if (Date.now() > deadline) throw new Error('the two leak steps were not committed while the run was going');
      await new Promise((r) => setTimeout(r, 50));
    }
    const whileOpen = filesIn(dataDir).filter((f) => f.startsWith(join(dataDir, 'relayflow.db')));
    expect(whileOpen.sort()).to.deep.equal([join(dataDir, 'relayflow.db'), wal, join(dataDir, 'relayflow.db-shm')].sort());
    const scan = (files: string[]) => {
      for (const file of files) {
        const bytes = readFileSync(file);
        for (const secret of SECRETS) expect(bytes.includes(secret), `${file} holds a secret in clear`).to.equal(false);
      }
    };
    scan(whileOpen);
    const run = await running;
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout).steps[0].output).to.deep.equal({ echoed: 'a', token: '[REDACTED]', nested: { auth: 'Bearer [REDACTED]' } });
    expect(JSON.parse(run.stdout).steps[1].output).to.deep.include({ token: '[REDACTED]' });
    scan(filesIn(dataDir));
  });
});

/** Completed step results in the store, read through a connection of its own. */
function committedSteps(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM execution_steps WHERE json_extract(record, '$.status') = 'completed'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}
