import { expect } from 'chai';
import { createRelayflow, WorkflowService, type Relayflow } from '@relayflow/core';
import { eventually, startHangingServer, type HangingServer } from './fixtures/workflows/servers';
import { tempDir } from './support/temp-dir';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('./fixtures/workflows/plugins/probe');

describe('WorkflowService', () => {
  let rf: Relayflow;
  let hanging: HangingServer;
  let service: WorkflowService;

  beforeEach(async () => {
    hanging = await startHangingServer();
    rf = await createRelayflow({ plugins: [probePlugin], dataDir: tempDir(), env: {} });
    service = rf.container.get<WorkflowService>(WorkflowService);
  });

  afterEach(async () => {
    await rf.stop();
    await hanging.close();
  });

  const hangingWorkflow = (): string => `name: hangs\nsteps:\n  - { name: call, type: probe, with: { url: "${hanging.url}/slow" } }\n  - { name: after, type: console, with: { message: never } }\n`;

  describe('.start', () => {
    it('resolves with the id of an execution already in the store, before it ends', async () => {
      const started = await service.start(hangingWorkflow(), { trigger: { type: 'webhook', at: '2026-12-06T10:00:00.000Z' } });
      const stored = await rf.executions.get(started.id);
      expect(stored.status).to.equal('running');
      expect(stored.trigger).to.deep.equal({ type: 'webhook', at: '2026-12-06T10:00:00.000Z' });
      await eventually(() => hanging.received === 1);
      expect(service.cancel(started.id)).to.equal(true);
      const record = await started.finished;
      expect(record.id).to.equal(started.id);
      expect(record.status).to.equal('cancelled');
      expect(record.trigger).to.deep.equal({ type: 'webhook', at: '2026-12-06T10:00:00.000Z' });
      expect((await rf.executions.get(started.id)).trigger).to.deep.equal({ type: 'webhook', at: '2026-12-06T10:00:00.000Z' });
    });

    it('refuses bad input before anything runs', async () => {
      let thrown: unknown;
      await service.start('name: x\nsteps: []\n').catch((err: unknown) => { thrown = err; });
      expect((thrown as { code?: string }).code).to.equal('WORKFLOW_INVALID');
    });
  });

  describe('.cancel', () => {
    it("fires the running step's signal: the in-flight request is aborted and the record ends cancelled", async () => {
      const started = await service.start(hangingWorkflow());
      await eventually(() => hanging.received === 1);
      service.cancel(started.id);
      const record = await started.finished;
      await eventually(() => hanging.aborted === 1);
      expect(record.status).to.equal('cancelled');
      expect(record.steps.map((s) => [s.name, s.status, s.error?.type])).to.deep.equal([['call', 'failed', 'Cancelled']]);
      expect((await rf.executions.get(started.id)).status).to.equal('cancelled');
    });

    it('says false for an execution that is not running here', async () => {
      const record = await rf.run('name: quick\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n');
      expect(record.trigger?.type).to.equal('manual');
      expect(service.cancel(record.id)).to.equal(false);
      expect(service.cancel('no-such-execution')).to.equal(false);
    });
  });
});
