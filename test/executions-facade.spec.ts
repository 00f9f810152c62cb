import { expect } from 'chai';
import { createRelayflow, type Relayflow } from '@relayflow/core';
import { eventually, startHangingServer, type HangingServer } from './fixtures/workflows/servers';
import { rejectionOf } from './support/errors';
import { tempDir } from './support/temp-dir';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('./fixtures/workflows/plugins/probe');

const quick = (name: string): string => `name: ${name}\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n`;

describe('Relayflow.executions', () => {
  const open: Relayflow[] = [];
  let dataDir: string;
  let rf: Relayflow;
  let hanging: HangingServer;
  const relayflow = async (): Promise<Relayflow> => {
    const made = await createRelayflow({ plugins: [probePlugin], dataDir, env: {} });
    open.push(made);
    return made;
  };
  beforeEach(async () => {
    dataDir = tempDir();
    hanging = await startHangingServer();
    rf = await relayflow();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.stop()));
    await hanging.close();
  });

  const hangs = (): string => `name: hangs\nsteps:\n  - { name: call, type: probe, with: { url: "${hanging.url}/slow" } }\n`;

  describe('.page', () => {
    it('pages newest first with workflow and status filters; items carry the trigger and the stored version', async () => {
      await rf.workflows.deploy(quick('stored'));
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const record = i % 2 ? await rf.run(quick('adhoc')) : await (await rf.workflows.start('stored', { trigger: { type: 'webhook', at: `2026-03-01T10:00:0${i}.000Z` } })).finished;
        ids.unshift(record.id);
      }
      const first = await rf.executions.page({ limit: 3 });
      expect(first.items.map((e) => e.id)).to.deep.equal(ids.slice(0, 3));
      const second = await rf.executions.page({ limit: 3, cursor: first.nextCursor });
      const last = await rf.executions.page({ limit: 3, cursor: second.nextCursor });
      expect([...second.items, ...last.items].map((e) => e.id)).to.deep.equal(ids.slice(3));
      expect(last.nextCursor).to.equal(undefined);
      const stored = await rf.executions.page({ workflowId: 'stored' });
      expect(stored.items).to.have.length(4);
      expect(stored.items[0]).to.deep.include({ workflowVersion: 1, trigger: { type: 'webhook', at: '2026-03-01T10:00:06.000Z' } });
      expect((await rf.executions.page({ workflowId: 'adhoc' })).items[0].trigger?.type).to.equal('manual');
      expect((await rf.executions.page({ status: 'failed' })).items).to.deep.equal([]);
      expect((await rf.executions.page()).items).to.have.length(7);
    });

    it('refuses a limit out of range, an unknown status and an empty cursor', async () => {
      for (const limit of [0, 1001, 2.5]) expect((await rejectionOf(rf.executions.page({ limit }))).code).to.equal('BAD_ARGUMENT');
      expect((await rejectionOf(rf.executions.page({ status: 'done' as 'failed' }))).code).to.equal('BAD_ARGUMENT');
      expect((await rejectionOf(rf.executions.page({ cursor: '' }))).code).to.equal('BAD_ARGUMENT');
    });
  });

  describe('.cancel', () => {
    it('cancels an execution running in this process at once: true, and the record ends cancelled', async () => {
      const started = await rf.workflows.deploy(hangs()).then(() => rf.workflows.start('hangs'));
      await eventually(() => hanging.received === 1);
      expect(await rf.executions.cancel(started.id)).to.equal(true);
      expect((await started.finished).status).to.equal('cancelled');
      await eventually(() => hanging.aborted === 1);
    });

    it('asks another process running it through the store: false, and that process cancels it within about a second', async () => {
      const server = await relayflow();
      const started = await server.workflows.deploy(hangs()).then(() => server.workflows.start('hangs'));
      await eventually(() => hanging.received === 1);
      // Its record reaches the file with the other process's next group commit (within ~10 ms).
      while (!(await rf.executions.list()).length) await new Promise((resolve) => setTimeout(resolve, 5));
      const asked = Date.now();
      expect(await rf.executions.cancel(started.id)).to.equal(false);
      const record = await started.finished;
      expect(Date.now() - asked).to.be.below(2500);
      expect(record.status).to.equal('cancelled');
      expect(record.steps[0].error?.type).to.equal('Cancelled');
      // This process reads it once the other one's group commit is in (within ~10 ms).
      let seen = await rf.executions.get(started.id);
      for (let i = 0; seen.status === 'running' && i < 100; i++) seen = await new Promise((resolve) => setTimeout(resolve, 5)).then(() => rf.executions.get(started.id));
      expect(seen.status).to.equal('cancelled');
    });

    it('refuses an unknown execution and one that already ended, saying how it ended', async () => {
      expect((await rejectionOf(rf.executions.cancel('no-such-id'))).code).to.equal('EXECUTION_NOT_FOUND');
      const done = await rf.run(quick('done'));
      const err = await rejectionOf(rf.executions.cancel(done.id));
      expect(err.code).to.equal('BAD_ARGUMENT');
      expect(err.message).to.equal(`execution ${done.id} is not running: it ended completed at ${done.finishedAt}; only a running execution can be cancelled`);
    });
  });
});
