import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import { rejectionOf } from '../../../../test/support/errors';
import { tempDir } from '../../../../test/support/temp-dir';
import { SqliteStore } from './sqlite-store';

async function openStore(file: string): Promise<SqliteStore> {
  const store = new SqliteStore(file);
  await store.open();
  return store;
}

describe('SqliteTriggerStore', () => {
  let file: string;
  let store: SqliteStore;
  beforeEach(async () => {
    file = join(tempDir(), 'relayflow.db');
    store = await openStore(file);
  });
  afterEach(() => store.close());

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

    it('lets exactly one of two stores on one file (two servers, or a restart) claim each slot', async () => {
      const other = await openStore(file);
      try {
        const slots = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 2, 1, 10, i)).toISOString());
        const results = await Promise.all(slots.flatMap((slot) => [store.triggers.claim('w', 'scheduled:0', slot), other.triggers.claim('w', 'scheduled:0', slot)]));
        for (let i = 0; i < slots.length; i++) expect([results[2 * i], results[2 * i + 1]].filter(Boolean), slots[i]).to.have.length(1);
        expect(await other.triggers.lastClaimed('w', 'scheduled:0')).to.equal(slots[slots.length - 1]);
      } finally {
        await other.close();
      }
      await store.close();
      const reopened = await openStore(file);
      expect(await reopened.triggers.claim('w', 'scheduled:0', '2026-03-01T10:05:00.000Z')).to.equal(false);
      store = reopened;
    });

    it('refuses a slot that is not an ISO-8601 instant', async () => {
      for (const slot of ['tomorrow', '', '2026-13-45T00:00:00Z']) {
        const err = await rejectionOf(store.triggers.claim('w', 'scheduled:0', slot));
        expect(err.code, slot).to.equal('BAD_ARGUMENT');
      }
    });

    it('forgets claims more than a day older than the latest one, and only those', async () => {
      await store.triggers.claim('w', 'scheduled:0', '2026-03-01T00:00:00.000Z');
      await store.triggers.claim('w', 'scheduled:0', '2026-03-02T00:00:00.000Z');
      await store.triggers.claim('w', 'scheduled:0', '2026-03-02T12:00:00.000Z');
      await store.triggers.claim('w', 'scheduled:1', '2026-02-01T00:00:00.000Z');
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare('SELECT key, slot FROM trigger_fires ORDER BY key, slot').all()).to.deep.equal([
          { key: 'scheduled:0', slot: '2026-03-02T00:00:00.000Z' },
          { key: 'scheduled:0', slot: '2026-03-02T12:00:00.000Z' },
          { key: 'scheduled:1', slot: '2026-02-01T00:00:00.000Z' },
        ]);
      } finally {
        db.close();
      }
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
