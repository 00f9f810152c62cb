import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ECHO_PLUGIN, runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

const KEY = 'cli-test-encryption-key-0123456789abcdef';
const STORED_SECRET = 'stored-secret-value-4242';
const PRE_SECRET = 'preconfigured-secret-value-9898';

describe('relayflow connectors (CLI)', function () {
  this.timeout(60_000);
  let cwd: string;
  const outputs: CliResult[] = [];
  const env = () => ({ RELAYFLOW_ENCRYPTION_KEY: KEY, PRE_TOKEN: PRE_SECRET });
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const result = await runCli(args, { cwd, env: { ...env(), ...extraEnv } });
    outputs.push(result);
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
    const res = await runCli(['--config', join(cwd, 'relayflow.yaml'), 'connectors', 'list', '--json'], { cwd: other, env: env() });
    expect(JSON.parse(res.stdout).map((c: { name: string }) => c.name)).to.include('pre-echo');
    const after = await runCli(['connectors', 'types', '--config', join(cwd, 'relayflow.yaml'), '--json'], { cwd: other, env: env() });
    expect(JSON.parse(after.stdout)[0].id).to.equal('echo');
  });

  it('names a missing environment variable with FILE:LINE:COL and exit code 2', async () => {
    const res = await runCli(['connectors', 'list'], { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
    expect(res.code).to.equal(2);
    expect(res.stderr.trim()).to.equal(`${join(cwd, 'relayflow.yaml')}:9:14: environment variable PRE_TOKEN is not set (referenced as \${env:PRE_TOKEN})`);
  });

  it('exits 2 with a plain message and no stack trace when the key is wrong, and rotates keys', async () => {
    await cli(['connectors', 'create', '--type', 'echo', '--name', 'rot', '--secrets', JSON.stringify({ token: STORED_SECRET })]);
    const NEW_KEY = 'a-brand-new-key-for-rotation-0123456789';
    const wrong = await cli(['connectors', 'list'], { RELAYFLOW_ENCRYPTION_KEY: NEW_KEY });
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.match(/^error: the encryption key is wrong/);
    expect(wrong.stderr).to.not.match(/^\s+at /m);

    writeFileSync(join(cwd, 'rotate.yaml'), readFileSync(join(cwd, 'relayflow.yaml'), 'utf8') + `decryptionOnlyKeys: ["${KEY}"]\n`);
    const rotating = { RELAYFLOW_ENCRYPTION_KEY: NEW_KEY };
    expect((await cli(['--config', 'rotate.yaml', 'connectors', 'update', 'rot'], rotating)).code).to.equal(0);
    const after = await cli(['connectors', 'test', 'rot', '--params', '{"message":"m"}'], rotating);
    expect(after.code, after.stderr).to.equal(0);
    expect((await cli(['connectors', 'delete', 'rot'], rotating)).code).to.equal(0);
  });

  it('refuses a short key, a lost generated key and an unusable data dir with exit code 2', async () => {
    const short = await cli(['connectors', 'list'], { RELAYFLOW_ENCRYPTION_KEY: 'short' });
    expect(short.code).to.equal(2);
    expect(short.stderr).to.match(/^error: RELAYFLOW_ENCRYPTION_KEY must be at least 32 characters/);

    const dir = tempDir();
    const base = ['--config', join(cwd, 'relayflow.yaml'), '--data-dir', dir];
    const noKey = { PRE_TOKEN: PRE_SECRET };
    expect((await runCli([...base, 'connectors', 'create', '--type', 'echo', '--name', 'g', '--secrets', '{"token":"generated-key-secret"}'], { cwd, env: noKey })).code).to.equal(0);
    rmSync(join(dir, 'encryption.key'));
    const lost = await runCli([...base, 'connectors', 'list'], { cwd, env: noKey });
    expect(lost.code).to.equal(2);
    expect(lost.stderr).to.match(/holds encrypted secrets, but no encryption key is configured and none was generated there/);
    expect(existsSync(join(dir, 'encryption.key'))).to.equal(false);

    writeFileSync(join(dir, 'not-a-dir'), '');
    const bad = await cli(['--data-dir', join(dir, 'not-a-dir'), 'connectors', 'list']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^error: cannot open the store at .*check --data-dir/);
  });

  it('never prints a secret, and never writes one in clear to the data dir', async () => {
    const dataDir = join(cwd, '.relayflow');
    for (const res of outputs) {
      expect(res.stdout + res.stderr).to.not.include(STORED_SECRET).and.not.include(PRE_SECRET).and.not.include(KEY);
    }
    const created = await cli(['connectors', 'create', '--type', 'echo', '--name', 'kept', '--secrets', JSON.stringify({ token: STORED_SECRET })]);
    expect(created.code).to.equal(0);
    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, file));
      expect(bytes.includes(STORED_SECRET), file).to.equal(false);
      expect(bytes.includes(PRE_SECRET), file).to.equal(false);
    }
  });
});
