import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { runCli, type CliResult } from './support/cli';
import { CrashStandIn, until } from './support/crash-stand-in';
import { send } from './support/rest-server';
import { killHard, listening, ServedProcesses, type Served } from './support/serve-process';
import { usePostgresDatabase } from './support/postgres-database';
import { tempDir } from './support/temp-dir';
import { startCountingApi } from './support/counting-api';
import { createRelayflow } from '../core/src/runtime/create-relayflow';
import { WorkflowService } from '../core/src/contracts/workflow-service';

const KEY = 'rfk_test-key-for-the-scale-out-spec-0123456789';
const auth = { authorization: `ApiKey ${KEY}` };

interface Step { name: string; status: string; startedAt: string; worker?: { host: string; pid: number } }
interface Execution { status: string; startedAt: string; finishedAt: string | null; resumes?: number; error?: { type: string; message: string } | null; steps: Step[] }

describe('scale-out on PostgreSQL: relayflow serve and workers share the work (contract §12)', function () {
  this.timeout(120_000);
  const database = usePostgresDatabase();
  let dir: string;
  let args: string[];
  let standIn: CrashStandIn;
  const processes = new ServedProcesses();

  beforeEach(async () => {
    dir = tempDir();
    standIn = await CrashStandIn.start();
    await database().query('DROP SCHEMA IF EXISTS relayflow CASCADE; DROP SCHEMA IF EXISTS relayflow_queue CASCADE');
    writeConfig('  workerConcurrency: 0');
    args = ['--config', join(dir, 'relayflow.yaml'), '--data-dir', join(dir, 'data')];
  });

  afterEach(async () => {
    await processes.killAll();
    await standIn.close();
  });

  const writeConfig = (...server: string[]): void => {
    writeFileSync(join(dir, 'relayflow.yaml'), [
      `store: ${database().url}`,
      'encryptionKey: scale-out-spec-encryption-key-0123456789',
      'server:',
      ...server,
      '  apiKeys:',
      '    - { name: ci, key: "${env:RELAYFLOW_API_KEY}", scopes: [read, run, admin] }',
      '',
    ].join('\n'));
  };
  const start = (...command: string[]): Served => {
    return processes.start([...command, ...args], dir, KEY);
  };
  const serve = (): Served => start('serve', '--port', '0');
  const worker = async (...more: string[]): Promise<Served> => {
    const served = start('worker', ...more);
    await until('worker ready', () => served.stderr().includes('worker ready') || served.child.exitCode !== null, 30_000);
    expect(served.stderr(), 'the worker started').to.contain('worker ready');
    return served;
  };
  const cli = (...more: string[]): Promise<CliResult> => runCli([...more, ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
  const deploy = async (name: string, steps: string[]): Promise<void> => {
    writeFileSync(join(dir, `${name}.yaml`), [`name: ${name}`, 'triggers: [{ type: webhook }]', 'steps:', ...steps.map((s) => `  - ${s}`), ''].join('\n'));
    const deployed = await cli('workflows', 'deploy', `${name}.yaml`);
    expect(deployed.code, deployed.stderr).to.equal(0);
  };
  const call = (name: string): string =>
    `{ name: ${name}, type: http, with: { url: "${standIn.url}/${name}", method: POST, headers: { Idempotency-Key: "{{ step.idempotencyKey }}" } } }`;
  const hook = async (url: string, workflow: string, event: unknown = {}): Promise<string> => {
    const res = await send(url, 'POST', `/api/hooks/${workflow}`, { headers: auth, json: event });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    return (res.body as { executionId: string }).executionId;
  };
  const record = async (url: string, id: string): Promise<Execution> => (await send(url, 'GET', `/api/executions/${id}`, { headers: auth })).body as Execution;
  const pids = (execution: Execution): number[] => [...new Set(execution.steps.map((s) => s.worker?.pid ?? -1))];
  const kill = killHard;

  it('runs webhook executions on the workers, not on a server with workerConcurrency 0; each step record names its worker', async () => {
    await deploy('shared', [call('one'), '{ name: pause, type: wait, with: { duration: 300ms } }']);
    const server = serve();
    const url = await listening(server);
    const workers = [await worker('--concurrency', '2'), await worker('--concurrency', '2')];
    const ids: string[] = [];
    for (let n = 0; n < 8; n++) ids.push(await hook(url, 'shared', { n }));
    await until('every execution to complete', async () => (await Promise.all(ids.map((id) => record(url, id)))).every((e) => e.status === 'completed'), 30_000);

    const workerPids = workers.map((w) => w.child.pid);
    const ran = new Set<number>();
    for (const id of ids) {
      const execution = await record(url, id);
      expect(pids(execution), 'one worker ran all of an execution').to.have.length(1);
      expect(workerPids).to.include(pids(execution)[0]);
      ran.add(pids(execution)[0]);
      expect(execution.steps[0].worker?.host).to.be.a('string').and.not.equal('');
    }
    expect([...ran].sort(), 'both workers took work (2 at a time each, 300 ms per execution)').to.deep.equal([...workerPids].sort());
    expect(standIn.count('/one')).to.equal(8);
  });

  it('deletes finished queue rounds after server.queueRetention, keeping the executions\' records', async () => {
    writeConfig('  workerConcurrency: 0', '  queueRetention: 3s');
    await deploy('brief', ['{ name: note, type: console, with: { message: hi } }']);
    const url = await listening(serve());
    await worker();
    const id = await hook(url, 'brief');
    await until('the execution to complete', async () => (await record(url, id)).status === 'completed');
    const rounds = async (): Promise<number> =>
      Number((await database().query<{ n: string }>('SELECT count(*) AS n FROM relayflow_queue.workflow_status WHERE workflow_uuid LIKE $1', [`${id}/%`]))[0].n);
    expect(await rounds(), 'its round is kept while it is recent').to.equal(1);
    await until('its round to be pruned', async () => (await rounds()) === 0, 15_000);
    expect((await record(url, id)).status).to.equal('completed');
  });

  it('runs at most --concurrency executions at once on a worker', async () => {
    await deploy('narrow', ['{ name: pause, type: wait, with: { duration: 400ms } }']);
    const url = await listening(serve());
    await worker('--concurrency', '1');
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push(await hook(url, 'narrow'));
    await until('every execution to complete', async () => (await Promise.all(ids.map((id) => record(url, id)))).every((e) => e.status === 'completed'), 30_000);
    const spans = (await Promise.all(ids.map((id) => record(url, id))))
      .map((e) => [Date.parse(e.startedAt), Date.parse(e.steps[0].startedAt), Date.parse(e.finishedAt ?? '')])
      .sort((a, b) => a[1] - b[1]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][1], 'the next execution started after the one before ended').to.be.at.least(spans[i - 1][2] - 5);
  });

  it('answers a wait: true run with the final record, run by a worker', async () => {
    await deploy('waited', [call('one')]);
    const url = await listening(serve());
    const w = await worker();
    const res = await send(url, 'POST', '/api/workflows/waited/run', { headers: auth, json: { wait: true } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const execution = res.body as Execution;
    expect(execution.status).to.equal('completed');
    expect(pids(execution)).to.deep.equal([w.child.pid]);
  });

  it('stops a worker on SIGTERM after the executions running on it finish (exit 0), taking no new ones meanwhile', async () => {
    await deploy('graceful', ['{ name: pause, type: wait, with: { duration: 1500ms } }', call('after')]);
    const url = await listening(serve());
    const w = await worker();
    const id = await hook(url, 'graceful');
    await until('the execution to start on the worker', async () => (await record(url, id)).steps.length > 0);
    w.child.kill('SIGTERM');
    expect(await w.exited).to.equal(0);
    const execution = await record(url, id);
    expect(execution.status).to.equal('completed');
    expect(execution.resumes, 'it finished where it ran').to.equal(undefined);
    expect(pids(execution)).to.deep.equal([w.child.pid]);
  });

  it('cancels an execution still in the queue: it ends cancelled, and a worker started later does not run it', async () => {
    await deploy('queued', [call('never')]);
    const url = await listening(serve());
    const id = await hook(url, 'queued');
    const cancelled = await send(url, 'POST', `/api/executions/${id}/cancel`, { headers: auth });
    expect(cancelled.status, JSON.stringify(cancelled.body)).to.be.oneOf([200, 202]);
    await until('the cancel', async () => (await record(url, id)).status === 'cancelled');
    await worker();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(standIn.count('/never')).to.equal(0);
    expect((await record(url, id)).status).to.equal('cancelled');
  });

  it('resumes on another worker, at once, an execution whose worker was killed mid-step: completed steps are not sent again, the idempotency key is kept', async () => {
    await deploy('crashy', [call('one'), call('two'), call('three')]);
    standIn.hold.add('/two#1');
    const url = await listening(serve());
    const workers = [await worker(), await worker()];
    const id = await hook(url, 'crashy');
    await until('the held request', () => standIn.count('/two') === 1);
    const holder = pids(await record(url, id))[0];
    const [victim, survivor] = workers[0].child.pid === holder ? workers : [workers[1], workers[0]];
    const killedAt = Date.now();
    await kill(victim);

    await until('the resumed execution to complete', async () => (await record(url, id)).status === 'completed', 30_000);
    expect(Date.now() - killedAt, 'resumed within 30 s').to.be.below(30_000);
    const execution = await record(url, id);
    expect(execution.resumes, JSON.stringify(execution)).to.equal(1);
    expect([standIn.count('/one'), standIn.count('/two'), standIn.count('/three')]).to.deep.equal([1, 2, 1]);
    const [first, again] = standIn.requests('/two');
    expect(again.headers['idempotency-key']).to.be.a('string').and.equal(first.headers['idempotency-key']);
    expect(execution.steps.find((s) => s.name === 'three')?.worker?.pid).to.equal(survivor.child.pid);

    // The dead worker's heartbeat row goes, and the queue round it had taken is handed back to the
    // queue (DBOS recovery for its executor id) and settled by a live worker: nothing stays pending.
    const db = database();
    await until('the dead worker\'s row to go', async () => (await db.query('SELECT 1 FROM relayflow.workers WHERE pid = $1', [victim.child.pid])).length === 0, 20_000);
    await until('its round to be settled', async () => {
      const [round] = await db.query<{ status: string; executor_id: string }>('SELECT status, executor_id FROM relayflow_queue.workflow_status WHERE workflow_uuid = $1', [`${id}/0`]);
      return round?.status === 'SUCCESS' && !round.executor_id.includes(`/${victim.child.pid}/`);
    }, 20_000);
  });

  it('continues on another worker an execution parked on a durable timer whose worker was killed', async () => {
    await deploy('patient', [call('before'), '{ name: pause, type: wait, with: { duration: 7s } }', call('after')]);
    const url = await listening(serve());
    const workers = [await worker(), await worker()];
    const started = Date.now();
    const id = await hook(url, 'patient');
    await until('the park', async () => (await database().query<{ parked_until: string | null }>('SELECT parked_until FROM relayflow.executions WHERE id = $1', [id]))[0]?.parked_until !== null, 15_000);
    const ranFirst = pids(await record(url, id))[0];
    const [victim, survivor] = workers[0].child.pid === ranFirst ? workers : [workers[1], workers[0]];
    await kill(victim);

    await until('the timer', async () => (await record(url, id)).status === 'completed', 30_000);
    expect(Date.now() - started).to.be.at.least(7_000);
    const execution = await record(url, id);
    expect([standIn.count('/before'), standIn.count('/after')]).to.deep.equal([1, 1]);
    expect(execution.steps.find((s) => s.name === 'after')?.worker?.pid).to.equal(survivor.child.pid);
  });

  it('runs an execution stored but never enqueued (its server died in between, or the queue refused it): a worker\'s scan enqueues it', async () => {
    await deploy('orphan', [call('one')]);
    // The server's half of an enqueue: stored and accepted, but the queue never heard of it.
    process.env.RELAYFLOW_API_KEY = KEY;
    const rf = await createRelayflow({ configFile: join(dir, 'relayflow.yaml'), dataDir: join(dir, 'data') }).finally(() => { delete process.env.RELAYFLOW_API_KEY; });
    let id: string;
    try {
      const yaml = `name: orphan\nsteps:\n  - ${call('one')}\n`;
      const started = await rf.container.get<WorkflowService>(WorkflowService).start(yaml, {
        queue: { enqueue: () => Promise.reject(new Error('the queue is down')) },
      });
      const rows = await database().query<{ id: string; status: string; owner_id: string | null }>('SELECT id, status, owner_id FROM relayflow.executions');
      expect(rows).to.have.length(1);
      expect(rows[0]).to.deep.include({ status: 'running', owner_id: null });
      id = rows[0].id;
      expect(started.id).to.equal(id);
    } finally {
      await rf.stop();
    }
    const url = await listening(serve());
    await worker();
    await until('the orphan to complete', async () => (await record(url, id)).status === 'completed', 40_000);
    expect(standIn.count('/one')).to.equal(1);
  });

  it('holds a connector\'s limits over every worker: its concurrency and its rate count across processes', async function () {
    this.timeout(120_000);
    const api = await startCountingApi();
    try {
      const connector = async (name: string, limits?: object): Promise<void> => {
        // The config file goes before the command: `connectors create` has a --config of its own.
        const made = await runCli([...args, 'connectors', 'create', '--type', 'http', '--name', name, '--config', JSON.stringify({ url: api.server.url }),
          ...(limits ? ['--limits', JSON.stringify(limits)] : [])], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
        expect(made.code, made.stderr).to.equal(0);
      };
      await connector('free');
      await connector('two-at-a-time', { concurrency: 2 });
      await connector('four-a-second', { rate: '4/s' });
      const fan = (connector: string, delay: number): string =>
        `{ name: call, type: http, connector-id: ${connector}, foreach: "[0, 1, 2, 3]", with: { path: "/{{ foreach.item }}", query: { delay: "${delay}" } } }`;
      await deploy('free', [fan('free', 400)]);
      await deploy('limited', [fan('two-at-a-time', 400)]);
      await deploy('paced', [fan('four-a-second', 10)]);
      const url = await listening(serve());
      // Two executions at a time each: four executions are spread over both workers.
      await worker('--concurrency', '2');
      await worker('--concurrency', '2');
      const fire = async (workflow: string, times: number): Promise<Execution[]> => {
        const ids: string[] = [];
        for (let n = 0; n < times; n++) ids.push(await hook(url, workflow));
        await until(`${workflow} to complete`, async () => (await Promise.all(ids.map((id) => record(url, id)))).every((e) => e.status === 'completed'), 60_000);
        return Promise.all(ids.map((id) => record(url, id)));
      };

      api.reset();
      await fire('free', 4);
      expect(api.maxInFlight, 'without limits the workers send more than 2 at once (the stand-in can tell)').to.be.above(2);

      api.reset();
      const limited = await fire('limited', 4);
      expect(api.arrivals).to.have.length(16);
      expect(api.maxInFlight, 'two-at-a-time over both workers').to.equal(2);
      expect(new Set(limited.flatMap(pids)).size, 'both workers ran them').to.equal(2);

      api.reset();
      await fire('paced', 3);
      const times = api.arrivals.map((a) => a.at).sort((a, b) => a - b);
      expect(times).to.have.length(12);
      // 12 starts at 4/s: at most 4 in any second, so the last is at least 2 s after the first.
      expect(times[11] - times[0], 'four a second over both workers').to.be.at.least(1900);
    } finally {
      await api.server.close();
    }
  });

  it('keeps going when PostgreSQL restarts under load: the nodes reconnect, every execution completes, no completed step is sent twice', async function () {
    this.timeout(180_000);
    await deploy('steady', [call('a'), '{ name: pause, type: wait, with: { duration: 1500ms } }', call('b')]);
    const url = await listening(serve());
    await worker('--concurrency', '8');
    await worker('--concurrency', '8');
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) ids.push(await hook(url, 'steady', { n }));
    await until('work under way', () => standIn.count('/a') >= 8, 30_000);
    restartPostgres();
    expect(standIn.count('/b'), 'executions were still running when PostgreSQL came back').to.be.below(30);
    const done = async (id: string): Promise<boolean> => {
      const res = await send(url, 'GET', `/api/executions/${id}`, { headers: auth }).catch(() => undefined);
      return res?.status === 200 && (res.body as Execution).status === 'completed';
    };
    await until('every execution to complete after the restart', async () => (await Promise.all(ids.map(done))).every(Boolean), 120_000);
    const keys = (path: string): string[] => standIn.requests(path).map((r) => String(r.headers['idempotency-key']));
    expect(new Set(keys('/a')).size, 'every execution sent a').to.equal(30);
    expect(new Set(keys('/b')).size, 'every execution sent b').to.equal(30);
    expect(keys('/a').length + keys('/b').length, 'no completed step sent again').to.equal(60);
  });

  it('fails an execution whose workflow does not compile on the worker that took it (a plugin missing there), with the reason in its record', async () => {
    await deploy('needs-http', [call('one')]);
    const url = await listening(serve());
    writeFileSync(join(dir, 'bare.yaml'), `${readFileSync(join(dir, 'relayflow.yaml'), 'utf8')}plugins: []\n`);
    const bare = processes.start(['worker', '--config', join(dir, 'bare.yaml'), '--data-dir', join(dir, 'data')], dir, KEY);
    await until('worker ready', () => bare.stderr().includes('worker ready') || bare.child.exitCode !== null, 30_000);
    const id = await hook(url, 'needs-http');
    await until('the execution to end', async () => (await record(url, id)).status !== 'running');
    const execution = await record(url, id);
    expect(execution.status).to.equal('failed');
    expect(execution.error?.message, JSON.stringify(execution.error)).to.match(/unknown step type "http"/);
    expect(standIn.count('/one')).to.equal(0);
  });

  it('refuses with exit 2 a worker on the embedded store, and names the URL without its password when PostgreSQL refuses the connection', async () => {
    writeFileSync(join(dir, 'embedded.yaml'), 'encryptionKey: scale-out-spec-encryption-key-0123456789\n');
    const embedded = await runCli(['worker', '--config', join(dir, 'embedded.yaml'), '--data-dir', join(dir, 'data')], { cwd: dir });
    expect(embedded.code).to.equal(2);
    expect(embedded.stderr).to.match(/^error: relayflow worker needs a PostgreSQL store \(store: postgres:\/\/\.\.\./);

    writeFileSync(join(dir, 'refused.yaml'), 'store: postgres://scaler:hunter2-secret@127.0.0.1:1/nowhere\nencryptionKey: scale-out-spec-encryption-key-0123456789\n');
    const refused = await runCli(['worker', '--config', join(dir, 'refused.yaml'), '--data-dir', join(dir, 'data')], { cwd: dir });
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.contain('127.0.0.1:1').and.not.contain('hunter2-secret');
    expect(refused.stderr).to.not.match(/\n\s+at /);
  });
});

/** Restarts the machine's PostgreSQL cluster (fast shutdown: open connections are cut). */
function restartPostgres(): void {
  const version = readdirSync('/etc/postgresql')[0];
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast'], { stdio: 'ignore' });
}
