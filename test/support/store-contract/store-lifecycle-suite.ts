import { expect } from 'chai';
import { v7 as timeOrderedUuid } from 'uuid';
import type { ExecutionRecord, StepRecord } from '../../../core/src/contracts/execution-record';
import { rejectionOf } from '../errors';
import type { StoreMaker } from './store-maker';

const record = (id: string): ExecutionRecord => ({
  id, workflow: { id: 'w', name: 'w' }, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, durationMs: null, error: null, steps: [],
});
const step = (name: string, output: unknown): StepRecord => ({
  name, type: 'console', status: 'completed', attempts: 1, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), output, error: null,
});

/** Opening and closing a Store. */
export function storeLifecycleSuite(maker: StoreMaker): void {
  describe('Store .open / .close', () => {
    it('opens an empty store, and opening it again changes nothing', async () => {
      const store = await maker.open();
      await store.open();
      expect(await store.connectors.list()).to.deep.equal([]);
      expect(await store.workflows.list()).to.deep.equal([]);
      expect(await store.apiKeys.list()).to.deep.equal([]);
      expect(await store.executions.list()).to.deep.equal([]);
    });

    it('commits what was written before closing, refuses writes and reads once closing starts, and closes once however often it is asked', async () => {
      const store = await maker.open();
      const id = timeOrderedUuid();
      await store.executions.start(record(id), { yaml: '', event: {}, inputs: {} });
      void store.executions.saveStep(id, 0, step('a', 'one'));
      const closing = store.close();
      expect((await rejectionOf(store.executions.saveStep(id, 1, step('b', 'late')))).code).to.equal('STORE_UNAVAILABLE');
      expect((await rejectionOf(store.executions.get(id))).code).to.match(/^STORE_/);
      expect((await rejectionOf(store.connectors.list())).code).to.match(/^STORE_/);
      await Promise.all([closing, store.close()]);
      const again = await maker.open();
      expect((await again.executions.get(id))?.steps.map((s) => s.name)).to.deep.equal(['a']);
    });

    it('refuses writes once closed, instead of keeping them forever, and opens again when asked', async () => {
      const store = await maker.open();
      await store.close();
      const id = timeOrderedUuid();
      expect((await rejectionOf(store.executions.start(record(id), { yaml: '', event: {}, inputs: {} }))).code).to.equal('STORE_UNAVAILABLE');
      await store.open();
      await store.executions.start(record(id), { yaml: '', event: {}, inputs: {} });
      expect((await store.executions.get(id))?.id).to.equal(id);
    });
  });
}
