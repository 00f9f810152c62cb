import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ECHO_PLUGIN, runCli, type CliResult } from './support/cli';
import { npmInstall, packRelayflow } from './support/packed-relayflow';
import { usePostgresDatabase } from './support/postgres-database';
import { tempDir } from './support/temp-dir';

const KEY = 'cli-postgres-test-key-0123456789abcdef';
const STORED_SECRET = 'pg-stored-secret-value-4242';
const URL_PASSWORD = 'Url5ecretPassw0rd';
/** What no CLI output may ever contain. */
const SECRETS = [KEY, STORED_SECRET, URL_PASSWORD];

const WORKFLOW = `name: notify
triggers:
  - type: manual
steps:
  - { name: greet, type: console, with: { message: "hello {{ event.who }}" } }
  - { name: echo, type: echo, connector-id: ops-echo, with: { message: "to {{ event.who }}" } }
`;

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The CLI with `store: postgres://...` in relayflow.yaml: two project folders stand for two
 * machines (each its own data dir) sharing one database made for this run.
 */
describe('relayflow with a PostgreSQL store (CLI)', function () {
  this.timeout(60_000);
  const database = usePostgresDatabase();
  let nodeA: string;
  let nodeB: string;

  /** A project folder whose relayflow.yaml names the store (and the key, from the environment). */
  const project = (store: string, options: { key?: boolean } = {}): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'relayflow.yaml'), [
      `plugins: ["${ECHO_PLUGIN}"]`,
      ...(options.key === false ? [] : ['encryptionKey: ${env:RF_KEY}']),
      `store: ${store}`,
      '',
    ].join('\n'));
    return dir;
  };
  /** Runs the CLI in a project folder (its own data dir), checking that no output holds a secret. */
  const cli = async (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    const result = await runCli(['--data-dir', join(cwd, 'data'), ...args], { cwd, env: { RF_KEY: KEY, RELAYFLOW_LOG_LEVEL: 'debug', ...env } });
    for (const secret of SECRETS) expect(result.stdout + result.stderr, `relayflow ${args.join(' ')} printed a secret`).to.not.include(secret);
    return result;
  };

  before(async () => {
    await database().query('DROP SCHEMA IF EXISTS relayflow CASCADE');
    const url = new URL(database().url);
    nodeA = project(`postgres://postgres@127.0.0.1:${url.port}/${database().name}`);
    // Trust auth ignores the password: it is there to show it is never printed or logged.
    nodeB = project(`postgresql://postgres:${URL_PASSWORD}@127.0.0.1:${url.port}/${database().name}`);
  });

  it('creates a connector on one node and lists and uses it on another; its secret is stored sealed', async () => {
    const created = await cli(nodeA, ['connectors', 'create', '--type', 'echo', '--name', 'ops-echo', '--config', '{"prefix":"> "}', '--secrets', JSON.stringify({ token: STORED_SECRET }), '--json']);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stderr).to.contain('"msg":"store opened"').and.contain(`"store":"postgres://127.0.0.1:5432/${database().name}"`);
    const list = await cli(nodeB, ['connectors', 'list', '--json']);
    expect(list.code, list.stderr).to.equal(0);
    expect(JSON.parse(list.stdout).map((c: { name: string; type: string }) => [c.name, c.type])).to.deep.equal([['ops-echo', 'echo']]);
    const tested = await cli(nodeB, ['connectors', 'test', 'ops-echo', '--params', '{"message":"hi"}', '--json']);
    expect(JSON.parse(tested.stdout)).to.deep.equal({ status: 'ok', data: { message: '> hi', tokenLength: STORED_SECRET.length } });
    const rows = await database().query<{ name: string; secrets: string }>('SELECT name, secrets FROM relayflow.connectors');
    expect(rows.map((r) => r.name)).to.deep.equal(['ops-echo']);
    expect(rows[0].secrets).to.not.contain(STORED_SECRET);
    expect(await cli(nodeB, ['connectors', 'create', '--type', 'echo', '--name', 'ops-echo', '--secrets', JSON.stringify({ token: STORED_SECRET })]))
      .to.deep.include({ code: 2 }).and.property('stderr').match(/^error: a connector named "ops-echo" already exists/m);
    for (const node of [nodeA, nodeB]) expect(existsSync(join(node, 'data', 'encryption.key')), 'a node generated a key').to.equal(false);
  });

  it('runs a workflow on one node and shows the execution on the other (executions get and list)', async () => {
    writeFileSync(join(nodeA, 'notify.yaml'), WORKFLOW);
    writeFileSync(join(nodeA, 'event.json'), '{"who":"ops"}');
    const run = await cli(nodeA, ['run', 'notify.yaml', '--event', 'event.json', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const { id } = JSON.parse(run.stdout) as { id: string };
    const got = await cli(nodeB, ['executions', 'get', id, '--json']);
    expect(got.code, got.stderr).to.equal(0);
    const record = JSON.parse(got.stdout);
    expect(record).to.deep.include({ id, status: 'completed', workflow: { id: 'notify', name: 'notify' } });
    expect(record.steps.map((s: { name: string; status: string; output: unknown }) => [s.name, s.status, s.output])).to.deep.equal([
      ['greet', 'completed', 'hello ops'],
      ['echo', 'completed', { message: '> to ops', tokenLength: STORED_SECRET.length }],
    ]);
    const listed = await cli(nodeB, ['executions', 'list', '--json']);
    expect(JSON.parse(listed.stdout).map((e: { id: string; stepCount: number }) => [e.id, e.stepCount])).to.deep.equal([[id, 2]]);
    expect(await database().query('SELECT status FROM relayflow.executions WHERE id = $1', [id])).to.deep.equal([{ status: 'completed' }]);
  });

  it('deploys workflows from either node, numbering versions one after another, and lists them on both', async () => {
    writeFileSync(join(nodeA, 'notify.yaml'), WORKFLOW);
    writeFileSync(join(nodeB, 'notify.yaml'), WORKFLOW.replace('hello', 'hi'));
    expect(await cli(nodeA, ['workflows', 'deploy', 'notify.yaml'])).to.deep.include({ code: 0, stdout: 'created notify v1 from notify.yaml\n' });
    expect(await cli(nodeB, ['workflows', 'deploy', 'notify.yaml'])).to.deep.include({ code: 0, stdout: 'updated notify v2 from notify.yaml\n' });
    expect(await cli(nodeA, ['workflows', 'deploy', 'notify.yaml'])).to.deep.include({ code: 0, stdout: 'updated notify v3 from notify.yaml\n' });
    for (const node of [nodeA, nodeB]) {
      const list = await cli(node, ['workflows', 'list', '--json']);
      expect(JSON.parse(list.stdout).map((w: { id: string; version: number; enabled: boolean }) => [w.id, w.version, w.enabled])).to.deep.equal([['notify', 3, true]]);
    }
  });

  it('creates an API key on one node, lists it on the other, stores only its hash, and revokes it', async () => {
    const created = await cli(nodeA, ['apikeys', 'create', '--name', 'ci', '--scopes', 'run,read']);
    expect(created.code, created.stderr).to.equal(0);
    const key = created.stdout.trim();
    expect(key).to.match(/^rfk_[A-Za-z0-9_-]{43}$/);
    const list = await cli(nodeB, ['apikeys', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((k: { name: string; scopes: string[] }) => [k.name, k.scopes])).to.deep.equal([['ci', ['read', 'run']]]);
    const rows = await database().query<{ name: string; hash: string }>('SELECT name, hash FROM relayflow.api_keys');
    expect(rows.map((r) => r.name)).to.deep.equal(['ci']);
    expect(JSON.stringify(rows)).to.not.contain(key.slice(4));
    expect(await cli(nodeB, ['apikeys', 'create', '--name', 'ci', '--scopes', 'read'])).to.deep.include({ code: 2 });
    expect(await cli(nodeB, ['apikeys', 'revoke', 'ci'])).to.deep.include({ code: 0, stdout: 'revoked API key ci\n' });
    expect(JSON.parse((await cli(nodeA, ['apikeys', 'list', '--json'])).stdout)).to.deep.equal([]);
  });

  it('refuses to start without encryptionKey, naming the setting (exit 2), before connecting and without generating a key', async () => {
    const port = await closedPort();
    for (const store of [`postgres://postgres@127.0.0.1:${new URL(database().url).port}/${database().name}`, `postgres://relay:${URL_PASSWORD}@127.0.0.1:${port}/rf`]) {
      const dir = project(store, { key: false });
      const result = await cli(dir, ['connectors', 'list'], { RF_KEY: undefined });
      expect(result.code, store).to.equal(2);
      const shown = store.replace(/\/\/[^@]*@/, '//');
      expect(result.stderr).to.contain(`error: encryptionKey is required with store "${shown}": every node that uses it must encrypt secrets with the same key, and none generates its own; `
        + 'set encryptionKey in relayflow.yaml (or RELAYFLOW_ENCRYPTION_KEY) to a key of at least 32 characters, e.g. from: openssl rand -base64 32\n');
      expect(result.stderr).to.not.match(/^\s+at /m);
      expect(existsSync(join(dir, 'data', 'encryption.key'))).to.equal(false);
    }
    const diagnosing = project(`postgres://postgres@127.0.0.1:${new URL(database().url).port}/${database().name}`, { key: false });
    writeFileSync(join(diagnosing, 'notify.yaml'), WORKFLOW);
    const validated = await cli(diagnosing, ['validate', 'notify.yaml'], { RELAYFLOW_LOG_LEVEL: 'warn' });
    expect(validated.code, 'validate diagnoses, warning about the key').to.equal(0);
    expect(validated.stderr).to.match(/^warning: encryptionKey is required with store "postgres:\/\/127\.0\.0\.1:\d+\/relayflow_test_\w+": /m);
    expect(existsSync(join(diagnosing, 'data', 'encryption.key'))).to.equal(false);
    const fromEnvironment = project(`postgres://postgres@127.0.0.1:${new URL(database().url).port}/${database().name}`, { key: false });
    const listed = await cli(fromEnvironment, ['connectors', 'list', '--json'], { RELAYFLOW_ENCRYPTION_KEY: KEY });
    expect(listed.code, listed.stderr).to.equal(0);
    expect(JSON.parse(listed.stdout).map((c: { name: string }) => c.name)).to.deep.equal(['ops-echo']);
  });

  it('says which server refused the connection at start, without the password in its URL (exit 2)', async () => {
    const port = await closedPort();
    const dir = project(`postgres://relay:${URL_PASSWORD}@127.0.0.1:${port}/rf`);
    mkdirSync(join(dir, 'data'));
    const result = await cli(dir, ['connectors', 'list']);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.contain(`error: cannot open the PostgreSQL store postgres://127.0.0.1:${port}/rf: connect ECONNREFUSED 127.0.0.1:${port}; `
      + 'check that PostgreSQL is running and reachable there, or change "store:" in relayflow.yaml\n');
    expect(result.stderr).to.not.match(/^\s+at /m);
  });
});

describe('relayflow with a PostgreSQL store, installed from the packed package', function () {
  // Installs the packed core, sdk and console into a project (~5-10 s, the npm cache being warm).
  this.timeout(120_000);
  const database = usePostgresDatabase();

  it('migrates a fresh database with the migrations the package ships, then runs from it', async () => {
    const packed = packRelayflow();
    const dir = tempDir('relayflow-pg-host-');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pg-host', version: '1.0.0', private: true }));
    npmInstall(dir, packed.all);
    expect(readdirSync(join(dir, 'node_modules', '@relayflow', 'core', 'dist', 'store', 'postgres', 'migrations'))).to.include('0001_relayflow-schema.js');
    writeFileSync(join(dir, 'relayflow.yaml'), `plugins: []\nstore: postgres://postgres@127.0.0.1:${new URL(database().url).port}/${database().name}\n`);
    writeFileSync(join(dir, 'hello.yaml'), 'name: hello\nsteps:\n  - { name: say, type: console, with: { message: hi } }\n');
    const bin = join(dir, 'node_modules', '.bin', 'relayflow');
    const run = await runCli(['run', 'hello.yaml', '--json'], { cwd: dir, bin, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.include({ status: 'completed' });
    const shipped = readdirSync(join(dir, 'node_modules', '@relayflow', 'core', 'dist', 'store', 'postgres', 'migrations')).filter((f) => /^\d{4}_.*\.js$/.test(f)).map((f) => f.replace(/\.js$/, ''));
    expect(shipped).to.include.members(['0001_relayflow-schema', '0002_execution-leases']);
    expect((await database().query<{ name: string }>('SELECT name FROM relayflow.migrations ORDER BY id')).map((m) => m.name)).to.deep.equal(shipped.sort());
    expect(await database().query('SELECT workflow_id, status FROM relayflow.executions')).to.deep.equal([{ workflow_id: 'hello', status: 'completed' }]);
  });
});
