import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { ConnectorLimiter } from '../contracts/connector-limiter';
import { Store } from '../contracts/store';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { RUN_HERE } from '../workflow/resume/execution-holder';
import { ExecutionThreads, type ExecutionThreadsOptions } from './execution-threads';

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };

describe('ExecutionThreads: executions on worker threads with their own Relayflow (embedded store)', function () {
  this.timeout(60_000);
  let rf: Relayflow;
  let relayflow: { configFile: string; dataDir: string };
  let threads: ExecutionThreads | undefined;

  beforeEach(async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'relayflow.yaml'), 'encryptionKey: execution-threads-spec-key-0123456789abcdef\n');
    relayflow = { configFile: join(dir, 'relayflow.yaml'), dataDir: join(dir, 'data') };
    rf = await createRelayflow({ ...relayflow, logger: silent });
    // `wait` under a few seconds holds the execution (longer ones park): what keeps one running here.
    for (const ms of [0, 300, 3000]) {
      await rf.workflows.create(`name: wait-${ms}\nsteps:\n  - { name: pause, type: wait, with: { duration: ${ms}ms } }\n  - { name: set, type: data.set, with: { done: true } }\n`);
    }
  });

  afterEach(async () => {
    await threads?.stop(0);
    threads = undefined;
    await rf.stop();
  });

  const make = async (options: Partial<ExecutionThreadsOptions> = {}): Promise<ExecutionThreads> => {
    threads = new ExecutionThreads({
      count: 1, relayflow, limiter: rf.container.get<ConnectorLimiter>(ConnectorLimiter),
      executions: rf.container.get<Store>(Store).executions, logger: silent, ...options,
    });
    await threads.start();
    return threads;
  };
  const start = async (on: ExecutionThreads, workflow: string): Promise<string> => (await rf.workflows.start(workflow, { queue: on, parkLongWaits: true })).id;
  const status = async (id: string): Promise<string> => (await rf.executions.get(id)).status;
  const ended = async (id: string, ms = 15_000): Promise<string> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const now = await status(id);
      if (now !== 'running') return now;
      if (Date.now() > deadline) throw new Error(`execution ${id} still running after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const pending = (promise: Promise<unknown>, ms = 150): Promise<boolean> => Promise.race([promise.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms))]);

  it('runs stored executions on its threads, held as this process while they run, and resume() gives the final record', async () => {
    const on = await make({ count: 2 });
    const ids = await Promise.all(Array.from({ length: 6 }, () => start(on, 'wait-300')));
    // Handed over again (a resume scan meanwhile): still the one run.
    const records = await Promise.all(ids.map((id) => on.resume(id)));
    expect(records.map((r) => r.status)).to.deep.equal(Array(6).fill('completed'));
    expect(records.map((r) => r.steps.map((s) => s.status))).to.deep.equal(Array(6).fill(['completed', 'completed']));
    for (const record of records) expect(record.resumes ?? 0, 'a first run, not a resume').to.equal(0);
    for (const id of ids) expect(RUN_HERE.has(id)).to.equal(false);
    expect(await rf.executions.resumable()).to.deep.equal([]);
  });

  it('counts what runs there as running here: not resumable, and cancelled at once, also while it waits for its place', async () => {
    const on = await make({ runningPerThread: 1 });
    const running = await start(on, 'wait-3000');
    const waiting = await start(on, 'wait-3000');
    expect(RUN_HERE.has(running)).to.equal(true);
    expect(await rf.executions.resumable()).to.not.include(running);
    const asked = Date.now();
    expect(await rf.executions.cancel(waiting)).to.equal(true);
    expect(await rf.executions.cancel(running)).to.equal(true);
    expect(await ended(running)).to.equal('cancelled');
    expect(await ended(waiting)).to.equal('cancelled');
    expect(Date.now() - asked).to.be.below(2_000);
  });

  it('keeps a cancel asked for while it waited for its place in the store, should the server stop first; refuses to resume it meanwhile', async () => {
    const on = await make({ runningPerThread: 1 });
    await start(on, 'wait-3000');
    const waiting = await start(on, 'wait-3000');
    const refused = await rejectionOf(rf.executions.resume(waiting));
    expect(refused.code).to.equal('EXECUTION_NOT_RESUMABLE');
    expect(refused.message).to.contain('waits for an execution thread of this process');
    expect(await rf.executions.cancel(waiting)).to.equal(true);
    await on.stop(0);
    const store = rf.container.get<Store>(Store).executions;
    expect(await store.cancelRequested([waiting])).to.deep.equal([waiting]);
  });

  it('starts no replacement for a thread that died once it is stopping', async () => {
    const on = await make();
    const threadsNow = (): Array<{ worker: Worker }> => (on as unknown as { threads: Array<{ worker: Worker }> }).threads;
    await threadsNow()[0].worker.terminate();
    await on.stop(0);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(threadsNow()).to.have.length(0);
  });

  it('room() waits while as many executions wait for a place as it allows', async () => {
    const on = await make({ runningPerThread: 1, waitingPerThread: 2 });
    const first = await start(on, 'wait-300');
    await start(on, 'wait-0');
    expect(on.room(), 'one waits: room').to.equal(undefined);
    await start(on, 'wait-0');
    const room = on.room();
    expect(room, 'two wait: no room').to.be.instanceOf(Promise);
    expect(await pending(room as Promise<void>)).to.equal(true);
    expect(await ended(first)).to.equal('completed');
    await room;
  });

  it('leaves what a thread that died was running for resume, and a replacement runs it', async () => {
    const on = await make();
    const id = await start(on, 'wait-3000');
    const worker = (on as unknown as { threads: Array<{ worker: Worker; ready: boolean }> }).threads[0];
    while (!(await rf.container.get<Store>(Store).executions.running(id))[0]?.owner) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.worker.terminate();
    expect(RUN_HERE.has(id)).to.equal(false);
    expect(await rf.executions.resumable()).to.include(id);
    // The replacement starts after a second; a resume before then is refused, after it runs.
    const threadsNow = (): Array<{ ready: boolean }> => (on as unknown as { threads: Array<{ ready: boolean }> }).threads;
    while (!threadsNow()[0]?.ready) await new Promise((resolve) => setTimeout(resolve, 50));
    const record = await on.resume(id);
    expect(record.status).to.equal('completed');
    expect(record.resumes).to.equal(1);
  });

  it('fails to start with the error a thread\'s Relayflow failed with', async () => {
    const err = await rejectionOf(make({ relayflow: { configFile: join(tempDir(), 'missing.yaml') } }));
    const direct = await rejectionOf(createRelayflow({ configFile: join(tempDir(), 'missing.yaml'), logger: silent }));
    expect(err.code).to.equal(direct.code);
    expect(err.message).to.contain('missing.yaml');
  });

  it('stops after the executions running there ended, within the grace; past it, leaves them for resume', async () => {
    const on = await make();
    const quick = await start(on, 'wait-300');
    await on.stop(5_000);
    expect(await status(quick)).to.equal('completed');

    const again = await make();
    const slow = await start(again, 'wait-3000');
    while (!(await rf.container.get<Store>(Store).executions.running(slow))[0]?.owner) await new Promise((resolve) => setTimeout(resolve, 20));
    const stopping = Date.now();
    await again.stop(100);
    expect(Date.now() - stopping).to.be.below(2_000);
    expect(await status(slow)).to.equal('running');
    expect(await rf.executions.resumable()).to.include(slow);
  });
});
