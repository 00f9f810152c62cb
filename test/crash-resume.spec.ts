import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli, type CliResult } from './support/cli';
import { CrashStandIn, until } from './support/crash-stand-in';
import { createTestDatabase, type TestDatabase } from './support/postgres-database';
import { tempDir } from './support/temp-dir';

/** The stores crash resume is driven on: the embedded one, and PostgreSQL (a fresh database per test). */
const STORES = [
  { kind: 'SQLite', config: async () => ({ yaml: '', drop: async () => undefined }) },
  {
    kind: 'PostgreSQL',
    config: async () => {
      const db: TestDatabase = await createTestDatabase();
      return { yaml: `store: ${db.url}\nencryptionKey: crash-resume-spec-encryption-key-0123456789\n`, drop: () => db.drop() };
    },
  },
];

for (const store of STORES) describe(`crash resume (contract §12) on ${store.kind}: real processes killed with SIGKILL, resumed from their records`, function () {
  this.timeout(120_000);
  let dir: string;
  let standIn: CrashStandIn;
  let dropStore: () => Promise<void>;
  const cli = (...args: string[]): Promise<CliResult> => runCli(['--data-dir', join(dir, 'data'), ...args], { cwd: dir });
  /** Starts a CLI process (not awaited): the one the test kills. */
  const spawnCli = (...args: string[]): ChildProcess => spawn(process.execPath, [CLI, '--data-dir', join(dir, 'data'), ...args], {
    cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: 'ignore',
  });
  const killed = async (child: ChildProcess): Promise<void> => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid as number, 'SIGKILL');
    await exited;
  };
  /** Waits until the stand-in holds the N-th request to `path`, lets the record reach the file, then kills the process. */
  const killWhileHeld = async (child: ChildProcess, path: string, nth = 1): Promise<void> => {
    await until(`${path} #${nth}`, () => standIn.count(path) >= nth);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await killed(child);
  };
  const runningId = async (): Promise<string> => {
    const list = JSON.parse((await cli('executions', 'list', '--status', 'running', '--json')).stdout) as Array<{ id: string }>;
    expect(list).to.have.length(1);
    return list[0].id;
  };
  const write = (name: string, yaml: string): string => {
    writeFileSync(join(dir, name), yaml);
    return name;
  };

  beforeEach(async () => {
    dir = tempDir();
    standIn = await CrashStandIn.start();
    const config = await store.config();
    dropStore = config.drop;
    writeFileSync(join(dir, 'relayflow.yaml'), config.yaml);
  });
  afterEach(async () => {
    await standIn.close();
    await dropStore();
  });

  // The http step sends the key when asked (idempotency-header); templates can send it too (step.idempotencyKey).
  const call = (name: string, path = `/${name}`, extra = ''): string => (path.includes('{{')
    ? `{ name: ${name}, type: http, with: { url: "${standIn.url}${path}", method: POST, headers: { Idempotency-Key: "{{ step.idempotencyKey }}" } }${extra} }`
    : `{ name: ${name}, type: http, with: { url: "${standIn.url}${path}", method: POST, idempotency-header: Idempotency-Key }${extra} }`);

  it('resumes from every step kind, killed again and again: completed steps are never sent twice, the one in flight is, with the same idempotency key', async () => {
    const file = write('journey.yaml', [
      'name: journey',
      'steps:',
      `  - ${call('first')}`,
      '  - { name: note, type: data.set, with: { marker: "set before the crash" } }',
      '  - name: each',
      '    type: foreach',
      '    foreach: \'["a", "b", "c", "d"]\'',
      '    steps:',
      `      - ${call('item', '/item-{{ foreach.item }}')}`,
      '  - name: branch',
      '    type: if',
      '    condition: "variables.marker: *"',
      '    steps:',
      `      - ${call('b1')}`,
      `      - ${call('b2')}`,
      '    else:',
      `      - ${call('never')}`,
      `  - ${call('flaky', '/flaky', ', on-failure: { retry: { max-attempts: 5, delay: 200ms } }')}`,
      `  - ${call('broken', '/broken', `, on-failure: { fallback: [ ${call('rescue')} ], continue: true }`)}`,
      '  - { name: pause, type: wait, with: { duration: 3s } }',
      `  - { name: last, type: http, with: { url: "${standIn.url}/last?marker={{ variables.marker }}", method: POST } }`,
    ].join('\n') + '\n');
    standIn.answer = (path, nth) => {
      if (path === '/flaky' && nth <= 2) return { status: 503 };
      if (path === '/broken') return { status: 400, body: { error: 'no' } };
      return { status: 200 };
    };
    for (const held of ['/item-c#1', '/b2#1', '/flaky#3', '/rescue#1']) standIn.hold.add(held);

    // 1. The run is killed while the third foreach item is in flight.
    await killWhileHeld(spawnCli('run', file), '/item-c');
    const id = await runningId();
    // 2..4. Each resume is killed at the next held request: an if branch, a retry in progress, a fallback.
    await killWhileHeld(spawnCli('executions', 'resume', id), '/b2');
    await killWhileHeld(spawnCli('executions', 'resume', id), '/flaky', 3);
    await killWhileHeld(spawnCli('executions', 'resume', id), '/rescue');
    // 5. Killed during the wait.
    const waiting = spawnCli('executions', 'resume', id);
    await until('the wait', () => standIn.count('/rescue') === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await killed(waiting);
    expect(standIn.count('/last')).to.equal(0);
    // 6. The last resume runs to the end.
    const result = await cli('executions', 'resume', id, '--json');
    expect(result.code, result.stderr).to.equal(0);
    const record = JSON.parse(result.stdout);
    expect(record).to.deep.include({ id, status: 'completed', resumes: 5 });
    expect(record.resumedAt).to.be.a('string');

    // Exactly once for every completed step; twice for each step in flight at a kill.
    const counts = Object.fromEntries(['/first', '/item-a', '/item-b', '/item-c', '/item-d', '/b1', '/b2', '/never', '/flaky', '/broken', '/rescue', '/last']
      .map((p) => [p, standIn.count(p)]));
    expect(counts).to.deep.equal({
      '/first': 1, '/item-a': 1, '/item-b': 1, '/item-c': 2, '/item-d': 1, '/b1': 1, '/b2': 2, '/never': 0,
      // Two 503s, the third attempt in flight at the kill and sent again (it answered 200).
      '/flaky': 4, '/broken': 1, '/rescue': 2, '/last': 1,
    });
    // The in-flight step was sent again with the same idempotency key.
    for (const path of ['/item-c', '/b2']) {
      const [before, after] = standIn.requests(path).map((r) => r.headers['idempotency-key']);
      expect(before, path).to.be.a('string').and.equal(after);
    }
    // Variables set before the first crash are there after the last resume.
    expect(standIn.requests('/last')[0].query).to.deep.equal({ marker: 'set before the crash' });
    const steps = record.steps as Array<{ stepId: string; name: string; status: string; attempts: number }>;
    const flaky = steps.find((s) => s.name === 'flaky');
    // The attempts before the crash count: the third one ran again as the third.
    expect(flaky).to.deep.include({ status: 'completed', attempts: 3 });
    expect(steps.find((s) => s.name === 'broken')).to.deep.include({ status: 'failed' });
    expect(steps.find((s) => s.name === 'pause')).to.deep.include({ status: 'completed' });
    expect(steps.filter((s) => s.name === 'item').map((s) => s.stepId)).to.deep.equal(['steps[2]#0.steps[0]', 'steps[2]#1.steps[0]', 'steps[2]#2.steps[0]', 'steps[2]#3.steps[0]']);
    expect(steps.every((s) => s.status !== 'running')).to.equal(true);
  });

  it('exits 2 for an execution that cannot be resumed: unknown, finished, or still running in a live process', async () => {
    const file = write('two.yaml', `name: two\nsteps:\n  - ${call('one')}\n  - ${call('two')}\n`);
    expect(await cli('executions', 'resume', 'nope')).to.deep.include({ code: 2, stdout: '' });
    const done = await cli('run', file, '--json');
    const doneId = JSON.parse(done.stdout).id as string;
    const finished = await cli('executions', 'resume', doneId);
    expect(finished.code).to.equal(2);
    expect(finished.stderr).to.match(new RegExp(`^error: execution ${doneId} cannot be resumed: it ended completed at .*; only an interrupted execution can be\\n$`));

    standIn.hold.add('/one#2');
    const live = spawnCli('run', file);
    await until('the held request', () => standIn.count('/one') === 2);
    await until('the record', async () => (await cli('executions', 'list', '--status', 'running', '--json')).stdout.includes('"id"'));
    const id = await runningId();
    const refused = await cli('executions', 'resume', id);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal(`error: execution ${id} cannot be resumed: it is still running (process ${live.pid} on ${hostname()} holds it); cancel it with relayflow executions cancel ${id}\n`);
    await killed(live);
    // Gone: its pid tells at once.
    const resumed = await cli('executions', 'resume', '--all', '--json');
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(JSON.parse(resumed.stdout).map((r: { id: string; status: string }) => [r.id, r.status])).to.deep.equal([[id, 'completed']]);
    expect(await cli('executions', 'resume', '--all')).to.deep.include({ code: 0, stdout: 'no interrupted executions to resume\n' });
  });

  it('never lets two processes resume one execution', async () => {
    const file = write('slow.yaml', `name: slow\nsteps:\n  - ${call('one')}\n  - ${call('two')}\n`);
    standIn.hold.add('/one#1');
    await killWhileHeld(spawnCli('run', file), '/one');
    const id = await runningId();
    const [a, b, c] = await Promise.all([cli('executions', 'resume', id), cli('executions', 'resume', id), cli('executions', 'resume', id)]);
    const codes = [a.code, b.code, c.code].sort();
    expect(codes, [a, b, c].map((r) => r.stderr).join('')).to.deep.equal([0, 2, 2]);
    for (const lost of [a, b, c].filter((r) => r.code === 2)) {
      expect(lost.stderr).to.match(/cannot be resumed: (it is still running|another process resumed it first|it ended)/);
    }
    expect(standIn.count('/one')).to.equal(2);
    expect(standIn.count('/two')).to.equal(1);
  });
});
