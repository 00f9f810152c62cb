import { expect } from 'chai';
import type { Store } from '../../../core/src/contracts/store';
import { rejectionOf } from '../errors';
import type { StoreMaker } from './store-maker';

/** The TriggerStore contract: each schedule slot claimed exactly once. */
export function triggerStoreSuite(maker: StoreMaker): void {
  describe('TriggerStore', () => {
    let store: Store;
    beforeEach(async () => { store = await maker.open(); });

    describe('.claim', () => {
      it('claims a slot once: the second claim of it is false', async () => {
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T10:00:00.000Z')).to.equal(true);
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T10:00:00.000Z')).to.equal(false);
        expect(await store.triggers.claim('w', 'scheduled:1', '2026-03-01T10:00:00.000Z')).to.equal(true);
        expect(await store.triggers.claim('other', 'scheduled:0', '2026-03-01T10:00:00.000Z')).to.equal(true);
      });

      it('treats every form of one instant as one slot', async () => {
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T10:00:00Z')).to.equal(true);
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T10:00:00.000Z')).to.equal(false);
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T11:00:00+01:00')).to.equal(false);
        expect(await store.triggers.lastClaimed('w', 'scheduled:0')).to.equal('2026-03-01T10:00:00.000Z');
      });

      it('lets exactly one of three stores on the same data (servers, or a restart) claim each slot', async () => {
        const others = [await maker.open(), await maker.open()];
        const stores = [store, ...others];
        const slots = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 2, 1, 10, i)).toISOString());
        const results = await Promise.all(slots.map((slot) => Promise.all(stores.map((s) => s.triggers.claim('w', 'scheduled:0', slot)))));
        for (let i = 0; i < slots.length; i++) expect(results[i].filter(Boolean), slots[i]).to.have.length(1);
        expect(await others[1].triggers.lastClaimed('w', 'scheduled:0')).to.equal(slots[slots.length - 1]);
        await Promise.all(stores.map((s) => s.close()));
        const reopened = await maker.open();
        expect(await reopened.triggers.claim('w', 'scheduled:0', '2026-03-01T10:05:00.000Z')).to.equal(false);
      });

      it('refuses a slot that is not an ISO-8601 instant', async () => {
        for (const slot of ['tomorrow', '', '2026-13-45T00:00:00Z']) {
          const err = await rejectionOf(store.triggers.claim('w', 'scheduled:0', slot));
          expect(err.code, slot).to.equal('BAD_ARGUMENT');
        }
      });

      it('forgets claims more than a day older than the latest one, and only those (a forgotten slot can be claimed again)', async () => {
        await store.triggers.claim('w', 'scheduled:0', '2026-03-01T00:00:00.000Z');
        await store.triggers.claim('w', 'scheduled:0', '2026-03-01T12:00:00.000Z');
        await store.triggers.claim('w', 'scheduled:1', '2026-02-01T00:00:00.000Z');
        await store.triggers.claim('w', 'scheduled:0', '2026-03-02T06:00:00.000Z');
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T12:00:00.000Z'), 'kept: within a day of the latest').to.equal(false);
        expect(await store.triggers.claim('w', 'scheduled:1', '2026-02-01T00:00:00.000Z'), 'another trigger\'s claims are kept').to.equal(false);
        expect(await store.triggers.claim('w', 'scheduled:0', '2026-03-01T00:00:00.000Z'), 'forgotten: over a day older').to.equal(true);
        expect(await store.triggers.lastClaimed('w', 'scheduled:0')).to.equal('2026-03-02T06:00:00.000Z');
      });
    });

    describe('.lastClaimed', () => {
      it('is the latest slot claimed, whatever order they were claimed in, and undefined before any', async () => {
        expect(await store.triggers.lastClaimed('w', 'scheduled:0')).to.equal(undefined);
        await store.triggers.claim('w', 'scheduled:0', '2026-03-01T12:00:00.000Z');
        await store.triggers.claim('w', 'scheduled:0', '2026-03-01T11:00:00.000Z');
        expect(await store.triggers.lastClaimed('w', 'scheduled:0')).to.equal('2026-03-01T12:00:00.000Z');
      });
    });
  });
}
