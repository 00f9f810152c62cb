import { expect } from 'chai';
import type { CompiledTrigger } from '../../../core/src/contracts/compiled-workflow';
import type { Store } from '../../../core/src/contracts/store';
import { rejectionOf } from '../errors';
import type { StoreMaker } from './store-maker';

const MANUAL: CompiledTrigger[] = [{ type: 'manual' }];
const HOURLY: CompiledTrigger[] = [{ type: 'scheduled', everyMs: 3_600_000 }];

/** The WorkflowStore contract: versions numbered one after another, never reused. */
export function workflowStoreSuite(maker: StoreMaker): void {
  describe('WorkflowStore', () => {
    let store: Store;
    beforeEach(async () => { store = await maker.open(); });

    describe('.create', () => {
      it('stores version 1 with its flag and triggers, and refuses the name a second time', async () => {
        const row = await store.workflows.create('notify', { yaml: 'name: notify\n', triggers: HOURLY, enabled: false, at: '2026-01-01T00:00:00.000Z' });
        expect(row).to.deep.equal({ id: 'notify', enabled: false, version: 1, triggers: HOURLY, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
        const err = await rejectionOf(store.workflows.create('notify', { yaml: 'name: notify\n', triggers: MANUAL, enabled: true, at: '2026-01-02T00:00:00.000Z' }));
        expect(err.code).to.equal('WORKFLOW_NAME_TAKEN');
        expect(err.message).to.contain('"notify"');
        expect((await store.workflows.get('notify'))?.version).to.equal(1);
      });

      it('lets exactly one of several stores on the same data create a name at once', async () => {
        const stores = [store, await maker.open(), await maker.open()];
        const outcomes = await Promise.allSettled(stores.map((s, i) => s.workflows.create('w', { yaml: `from ${i}`, triggers: MANUAL, enabled: true, at: '2026-01-01T00:00:00.000Z' })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
        for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as { code: string }).code).to.equal('WORKFLOW_NAME_TAKEN');
        expect((await store.workflows.get('w'))?.version).to.equal(1);
        expect(await store.workflows.getVersion('w', 2)).to.equal(undefined);
      });
    });

    describe('.addVersion', () => {
      it('adds version n+1, keeps every earlier version readable, and keeps the flag unless told', async () => {
        await store.workflows.create('w', { yaml: 'v1', triggers: MANUAL, enabled: true, at: '2026-01-01T00:00:00.000Z' });
        const v2 = await store.workflows.addVersion('w', { yaml: 'v2', triggers: HOURLY, at: '2026-01-02T00:00:00.000Z' });
        expect(v2).to.deep.include({ version: 2, enabled: true, triggers: HOURLY, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
        const v3 = await store.workflows.addVersion('w', { yaml: 'v3', triggers: MANUAL, enabled: false, at: '2026-01-03T00:00:00.000Z' });
        expect(v3).to.deep.include({ version: 3, enabled: false });
        expect((await store.workflows.addVersion('w', { yaml: 'v4', triggers: MANUAL, at: '2026-01-04T00:00:00.000Z' }))?.enabled).to.equal(false);
        expect((await store.workflows.getVersion('w', 1))).to.deep.equal({ workflowId: 'w', version: 1, yaml: 'v1', triggers: MANUAL, createdAt: '2026-01-01T00:00:00.000Z' });
        expect((await store.workflows.getVersion('w', 2))?.yaml).to.equal('v2');
        expect(await store.workflows.getVersion('w', 5)).to.equal(undefined);
      });

      it('says undefined for a workflow that is not stored', async () => {
        expect(await store.workflows.addVersion('nope', { yaml: 'x', triggers: MANUAL, at: '2026-01-01T00:00:00.000Z' })).to.equal(undefined);
        expect(await store.workflows.getVersion('nope', 1)).to.equal(undefined);
      });

      it('numbers versions one after another when two stores on the same data add them at once', async () => {
        const a = store;
        const b = await maker.open();
        await a.workflows.create('w', { yaml: 'v1', triggers: MANUAL, enabled: true, at: '2026-01-01T00:00:00.000Z' });
        const rows = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).workflows.addVersion('w', { yaml: `v${i + 2}`, triggers: MANUAL, at: '2026-01-02T00:00:00.000Z' })));
        expect(rows.map((r) => r?.version).sort((x, y) => (x ?? 0) - (y ?? 0))).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        expect((await b.workflows.get('w'))?.version).to.equal(11);
        for (let v = 2; v <= 11; v++) expect((await a.workflows.getVersion('w', v))?.yaml, `version ${v}`).to.match(/^v\d+$/);
      });
    });

    describe('.list / .setEnabled', () => {
      it('lists by id with the latest version, and flips the flag with a new updatedAt', async () => {
        await store.workflows.create('b', { yaml: 'b1', triggers: MANUAL, enabled: true, at: '2026-01-01T00:00:00.000Z' });
        await store.workflows.create('a', { yaml: 'a1', triggers: MANUAL, enabled: true, at: '2026-01-01T00:00:00.000Z' });
        await store.workflows.create('B', { yaml: 'B1', triggers: MANUAL, enabled: true, at: '2026-01-01T00:00:00.000Z' });
        await store.workflows.addVersion('b', { yaml: 'b2', triggers: HOURLY, at: '2026-01-02T00:00:00.000Z' });
        expect((await store.workflows.list()).map((r) => [r.id, r.version, r.triggers])).to.deep.equal([['B', 1, MANUAL], ['a', 1, MANUAL], ['b', 2, HOURLY]]);
        const off = await store.workflows.setEnabled('a', false, '2026-01-05T00:00:00.000Z');
        expect(off).to.deep.include({ id: 'a', enabled: false, version: 1, updatedAt: '2026-01-05T00:00:00.000Z' });
        expect((await store.workflows.get('a'))?.enabled).to.equal(false);
        expect(await store.workflows.setEnabled('nope', true, '2026-01-05T00:00:00.000Z')).to.equal(undefined);
      });
    });

    describe('.delete', () => {
      it('deletes the workflow and its trigger claims but keeps its versions; created again, it continues after them', async () => {
        await store.workflows.create('w', { yaml: 'v1', triggers: HOURLY, enabled: true, at: '2026-01-01T00:00:00.000Z' });
        await store.workflows.addVersion('w', { yaml: 'v2', triggers: HOURLY, at: '2026-01-02T00:00:00.000Z' });
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-01-02T10:00:00.000Z')).to.equal(true);
        expect(await store.workflows.delete('w')).to.equal(true);
        expect(await store.workflows.get('w')).to.equal(undefined);
        expect(await store.workflows.list()).to.deep.equal([]);
        expect(await store.triggers.lastClaimed('w', 'scheduled:0')).to.equal(undefined);
        expect((await store.workflows.getVersion('w', 2))?.yaml).to.equal('v2');
        expect(await store.workflows.delete('w')).to.equal(false);
        const again = await store.workflows.create('w', { yaml: 'new', triggers: MANUAL, enabled: true, at: '2026-01-03T00:00:00.000Z' });
        expect(again).to.deep.include({ version: 3, createdAt: '2026-01-03T00:00:00.000Z' });
        expect((await store.workflows.getVersion('w', 1))?.yaml).to.equal('v1');
      });
    });
  });
}
