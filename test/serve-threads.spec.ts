import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './support/cli';
import { npmInstall, packPackages, packRelayflow } from './support/packed-relayflow';
import { startCountingApi, type CountingApi } from './support/counting-api';
import { CrashStandIn, until } from './support/crash-stand-in';
import { send } from './support/rest-server';
import { killHard, listening, ServedProcesses, startServe, type Served } from './support/serve-process';
import { tempDir } from './support/temp-dir';

const KEY = 'rfk_test-key-for-the-serve-threads-spec-0123456789';
const auth = { authorization: `ApiKey ${KEY}` };

/** What a thread logged about running an execution (at debug), from serve's JSON log lines. */
function threadLines(stderr: string): Array<{ component?: string; thread?: number; executionId?: string; msg?: string }> {
  return stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { component?: string }).filter((line) => line.component === 'execution-thread');
}

describe('relayflow serve on SQLite: executions run on execution threads (server.executionThreads)', function () {
  this.timeout(90_000);
  let dir: string;
  let args: string[];
  let standIn: CrashStandIn;
  let api: CountingApi;
  const processes = new ServedProcesses();

  beforeEach(async () => {
    dir = tempDir();
    standIn = await CrashStandIn.start();
    api = await startCountingApi();
  });

  afterEach(async () => {
    await processes.killAll();
    await standIn.close();
    await api.server.close();
  });

  const configure = (server: string[] = [], more: string[] = []): void => {
    writeFileSync(join(dir, 'relayflow.yaml'), [
      'encryptionKey: serve-threads-spec-encryption-key-0123456789',
      ...more,
      'server:',
      ...server.map((line) => `  ${line}`),
      '  apiKeys:',
      '    - { name: ci, key: "${env:RELAYFLOW_API_KEY}", scopes: [read, run, admin] }',
      '',
    ].join('\n'));
    args = ['--config', join(dir, 'relayflow.yaml'), '--data-dir', join(dir, 'data')];
  };
  const serve = async (env: NodeJS.ProcessEnv = {}): Promise<{ served: Served; url: string }> => {
    const served = processes.start(['serve', '--port', '0', ...args], dir, KEY, env);
    return { served, url: await listening(served) };
  };
  const deploy = async (name: string, steps: string[]): Promise<void> => {
    writeFileSync(join(dir, `${name}.yaml`), [`name: ${name}`, 'triggers: [{ type: webhook }]', 'steps:', ...steps.map((s) => `  - ${s}`), ''].join('\n'));
    const deployed = await runCli(['workflows', 'deploy', `${name}.yaml`, ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
    expect(deployed.code, deployed.stderr).to.equal(0);
  };
  const hook = async (url: string, workflow: string, event: unknown = { from: 'test' }): Promise<string> => {
    const res = await send(url, 'POST', `/api/hooks/${workflow}`, { headers: auth, json: event });
    expect(res.status, res.text).to.equal(202);
    return (res.body as { executionId: string }).executionId;
  };
  const record = async (url: string, id: string): Promise<{ status: string; trigger: { type: string }; steps: Array<{ status: string }> }> => {
    const res = await send(url, 'GET', `/api/executions/${id}`, { headers: auth });
    expect(res.status, res.text).to.equal(200);
    return res.body as { status: string; trigger: { type: string }; steps: Array<{ status: string }> };
  };
  const ended = async (url: string, id: string): Promise<string> => {
    let status = 'running';
    await until(`execution ${id} to end`, async () => (status = (await record(url, id)).status) !== 'running');
    return status;
  };

  it('runs webhook executions on a thread of their own (the default), not on the thread that answers requests', async () => {
    configure();
    await deploy('hooked', [`{ name: call, type: http, with: { url: "${standIn.url}/called", method: POST } }`]);
    const { served, url } = await serve({ RELAYFLOW_LOG_LEVEL: 'debug' });
    const ids = [await hook(url, 'hooked'), await hook(url, 'hooked')];
    for (const id of ids) expect(await ended(url, id)).to.equal('completed');
    expect((await record(url, ids[0])).trigger.type).to.equal('webhook');
    expect(standIn.count('/called')).to.equal(2);
    const ran = threadLines(served.stderr()).filter((line) => line.msg === 'running an execution');
    expect(ran.map((line) => line.executionId).sort()).to.deep.equal([...ids].sort());
    expect(ran[0].thread).to.be.a('number').above(0);
  });

  it('runs them on its thread when installed from the packed packages into a project of its own, as users install it', async function () {
    this.timeout(180_000);
    const packed = packRelayflow();
    const project = tempDir('relayflow-threads-project-');
    writeFileSync(join(project, 'package.json'), '{ "name": "threads-project", "private": true }\n');
    npmInstall(project, [...packed.all, ...packPackages([join(ROOT, 'plugins', 'http')], project)]);
    const bin = join(project, 'node_modules', '.bin', 'relayflow');
    dir = project;
    configure();
    await deploy('hooked', [`{ name: call, type: http, with: { url: "${standIn.url}/installed", method: POST } }`]);
    // The project's own relayflow, not this repository's.
    const served = startServe(['serve', '--port', '0', ...args], project, KEY, { RELAYFLOW_LOG_LEVEL: 'debug' }, bin);
    try {
      const url = await listening(served);
      const id = await hook(url, 'hooked');
      expect(await ended(url, id)).to.equal('completed');
      expect(standIn.count('/installed')).to.equal(1);
      expect(threadLines(served.stderr()).map((line) => line.executionId)).to.include(id);
    } finally {
      await killHard(served);
    }
  });

  it('with executionThreads: 0 runs them on the thread that answers requests, as before', async () => {
    configure(['executionThreads: 0']);
    await deploy('hooked', [`{ name: call, type: http, with: { url: "${standIn.url}/called", method: POST } }`]);
    const { served, url } = await serve({ RELAYFLOW_LOG_LEVEL: 'debug' });
    expect(await ended(url, await hook(url, 'hooked'))).to.equal('completed');
    expect(threadLines(served.stderr())).to.deep.equal([]);
  });

  it('refuses a bad server.executionThreads with exit code 2, naming it', async () => {
    configure(['executionThreads: lots']);
    const served = processes.start(['serve', '--port', '0', ...args], dir, KEY);
    expect(await served.exited).to.equal(2);
    expect(served.stderr()).to.match(/relayflow\.yaml:\d+:\d+.*executionThreads/);
  });

  it('cancels an execution a thread runs at once: the request in flight is aborted, the record ends cancelled', async () => {
    configure();
    standIn.hold.add('/slow#1');
    await deploy('slow', [`{ name: call, type: http, timeout: 60s, with: { url: "${standIn.url}/slow", method: POST } }`]);
    const { served, url } = await serve({ RELAYFLOW_LOG_LEVEL: 'info' });
    const id = await hook(url, 'slow');
    await until('the request to be in flight', () => standIn.held.length === 1);
    const held = standIn.held[0];
    const asked = Date.now();
    const cancel = await send(url, 'POST', `/api/executions/${id}/cancel`, { headers: auth });
    expect(cancel.status, cancel.text).to.equal(202);
    await until('the request to be aborted', () => held.destroyed || held.socket === null || held.socket.destroyed, 5_000);
    // Told at once (a message to the thread), not at the thread's next look at the store (every second).
    expect(Date.now() - asked).to.be.below(900);
    expect(await ended(url, id)).to.equal('cancelled');
    expect(served.stderr()).to.not.contain('at the request of another process');
  });

  it('counts a connector\'s limits over every thread: concurrency 1 holds with 2 threads, which otherwise run at once', async () => {
    configure(['executionThreads: 2'], [
      'connectors:',
      `  - { id: one-at-a-time, name: one-at-a-time, type: http, config: { url: "${api.server.url}" }, limits: { concurrency: 1 } }`,
      `  - { id: unlimited, name: unlimited, type: http, config: { url: "${api.server.url}" } }`,
    ]);
    await deploy('limited', ['{ name: call, type: http, connector-id: one-at-a-time, with: { path: /limited, query: { delay: "150" } } }']);
    await deploy('free', ['{ name: call, type: http, connector-id: unlimited, with: { path: /free, query: { delay: "150" } } }']);
    const { served, url } = await serve({ RELAYFLOW_LOG_LEVEL: 'debug' });

    const free = await Promise.all(Array.from({ length: 8 }, () => hook(url, 'free')));
    for (const id of free) expect(await ended(url, id)).to.equal('completed');
    expect(api.maxInFlight).to.be.greaterThan(1);
    const threads = new Set(threadLines(served.stderr()).filter((line) => free.includes(line.executionId as string)).map((line) => line.thread));
    expect(threads.size, 'both threads ran executions').to.equal(2);

    api.reset();
    const limited = await Promise.all(Array.from({ length: 6 }, () => hook(url, 'limited')));
    for (const id of limited) expect(await ended(url, id)).to.equal('completed');
    expect(api.arrivals).to.have.length(6);
    expect(api.maxInFlight).to.equal(1);
  });

  it('loses no accepted webhook when killed with executions running and waiting: each runs to the end after a restart, no completed step sent twice', async () => {
    configure(['executionThreads: 1']);
    await deploy('many', [
      `{ name: first, type: http, with: { url: "${api.server.url}/first", method: POST, query: { delay: "20" }, headers: { Idempotency-Key: "{{ step.idempotencyKey }}" } } }`,
      `{ name: second, type: http, with: { url: "${api.server.url}/second", method: POST, query: { delay: "20" }, headers: { Idempotency-Key: "{{ step.idempotencyKey }}" } } }`,
    ]);
    const first = await serve();
    const accepted: string[] = [];
    // 300 webhooks, 30 at a time: more than the thread runs at once, so some wait when it dies.
    for (let i = 0; i < 10; i++) accepted.push(...await Promise.all(Array.from({ length: 30 }, () => hook(first.url, 'many'))));
    await killHard(first.served);

    const second = await serve();
    for (const id of accepted) expect(await ended(second.url, id), id).to.equal('completed');
    const keys = (path: string): string[] => api.server.requests.filter((r) => r.path === path).map((r) => String(r.headers['idempotency-key']));
    // Every execution's steps reached the stand-in; a step sent again (in flight at the kill) kept its key.
    expect(new Set(keys('/first')).size).to.equal(300);
    expect(new Set(keys('/second')).size).to.equal(300);
    expect(keys('/first').length + keys('/second').length - 600, 'steps sent again').to.be.at.most(2 * 64);
  });
});
