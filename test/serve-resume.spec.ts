import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './support/cli';
import { CrashStandIn, until } from './support/crash-stand-in';
import { send } from './support/rest-server';
import { killHard, listening, ServedProcesses, type Served } from './support/serve-process';
import { createTestDatabase } from './support/postgres-database';
import { tempDir } from './support/temp-dir';

const KEY = 'rfk_test-key-for-the-serve-resume-spec-0123456789';
const auth = { authorization: `ApiKey ${KEY}` };

for (const kind of ['SQLite', 'PostgreSQL']) describe(`relayflow serve on ${kind}: resume at start and durable timers (contract §12)`, function () {
  this.timeout(90_000);
  let dir: string;
  let args: string[];
  let standIn: CrashStandIn;
  let drop = async (): Promise<void> => undefined;
  const processes = new ServedProcesses();

  beforeEach(async () => {
    dir = tempDir();
    standIn = await CrashStandIn.start();
    let store = '';
    if (kind === 'PostgreSQL') {
      const db = await createTestDatabase();
      store = `store: ${db.url}`;
      drop = () => db.drop();
    }
    writeFileSync(join(dir, 'relayflow.yaml'), [
      store,
      'encryptionKey: serve-resume-spec-encryption-key-0123456789',
      'server:',
      '  apiKeys:',
      '    - { name: ci, key: "${env:RELAYFLOW_API_KEY}", scopes: [read, run, admin] }',
      '',
    ].join('\n'));
    args = ['--config', join(dir, 'relayflow.yaml'), '--data-dir', join(dir, 'data')];
  });

  afterEach(async () => {
    await processes.killAll();
    await standIn.close();
    await drop();
  });

  const serve = (): Served => {
    return processes.start(['serve', '--port', '0', ...args], dir, KEY);
  };
  const cli = (...more: string[]): Promise<CliResult> => runCli([...more, ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
  const deploy = async (name: string, steps: string[]): Promise<void> => {
    writeFileSync(join(dir, `${name}.yaml`), [`name: ${name}`, 'triggers: [{ type: webhook }]', 'steps:', ...steps.map((s) => `  - ${s}`), ''].join('\n'));
    const deployed = await cli('workflows', 'deploy', `${name}.yaml`);
    expect(deployed.code, deployed.stderr).to.equal(0);
  };
  const call = (name: string): string => `{ name: ${name}, type: http, with: { url: "${standIn.url}/${name}", method: POST } }`;
  const hook = async (url: string, workflow: string): Promise<string> => {
    const res = await send(url, 'POST', `/api/hooks/${workflow}`, { headers: auth, json: { from: 'test' } });
    expect(res.status).to.equal(202);
    return (res.body as { executionId: string }).executionId;
  };
  const record = async (url: string, id: string): Promise<{ status: string; resumes?: number; steps: Array<{ name: string; status: string }> }> =>
    (await send(url, 'GET', `/api/executions/${id}`, { headers: auth })).body as never;
  const kill = killHard;

  it('resumes at start an execution whose server was killed mid-step: the step in flight runs again, the rest once', async () => {
    await deploy('hooked', [call('one'), call('two')]);
    standIn.hold.add('/one#1');
    const first = serve();
    const id = await hook(await listening(first), 'hooked');
    await until('the held request', () => standIn.count('/one') === 1);
    await kill(first);

    const second = serve();
    const url = await listening(second);
    await until('the resumed execution to complete', async () => (await record(url, id)).status === 'completed');
    expect(await record(url, id)).to.deep.include({ resumes: 1 });
    expect([standIn.count('/one'), standIn.count('/two')]).to.deep.equal([2, 1]);
  });

  it('parks a long wait instead of holding the server, and runs it when due after a restart', async () => {
    await deploy('patient', [call('before'), '{ name: pause, type: wait, with: { duration: 7s } }', call('after')]);
    const first = serve();
    const url = await listening(first);
    const started = Date.now();
    const id = await hook(url, 'patient');
    await until('the first step', () => standIn.count('/before') === 1);
    // Parked: a SIGTERM does not wait for it (nothing runs here), and the execution stays running.
    await until('the wait step', async () => (await record(url, id)).steps.some((s) => s.name === 'pause'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill('SIGTERM');
    expect(await first.exited).to.equal(0);
    expect(Date.now() - started).to.be.below(6_000);
    const between = await cli('executions', 'get', id, '--json');
    expect(JSON.parse(between.stdout)).to.deep.include({ status: 'running' });

    const second = serve();
    const url2 = await listening(second);
    await until('the timer', async () => (await record(url2, id)).status === 'completed', 20_000);
    expect(Date.now() - started).to.be.at.least(7_000);
    expect([standIn.count('/before'), standIn.count('/after')]).to.deep.equal([1, 1]);
    expect((await record(url2, id)).steps.map((s) => [s.name, s.status])).to.deep.equal([['before', 'completed'], ['pause', 'completed'], ['after', 'completed']]);
  });

  it('parks a long retry delay and retries when it is due, in the same server', async () => {
    await deploy('retrying', [`{ name: flaky, type: http, with: { url: "${standIn.url}/flaky", method: POST, idempotency-header: Idempotency-Key }, on-failure: { retry: { max-attempts: 2, delay: 6s } } }`]);
    standIn.answer = (path, nth) => (path === '/flaky' && nth === 1 ? { status: 503 } : { status: 200 });
    const served = serve();
    const url = await listening(served);
    const started = Date.now();
    const id = await hook(url, 'retrying');
    await until('the retry', async () => (await record(url, id)).status === 'completed', 20_000);
    expect(Date.now() - started).to.be.at.least(6_000);
    const [first, second] = standIn.requests('/flaky');
    expect(second.headers['idempotency-key']).to.be.a('string').and.equal(first.headers['idempotency-key']);
    // Parked, then resumed by the server's own scan: the record says so.
    expect(await record(url, id)).to.deep.include({ resumes: 1 });
  });
});
