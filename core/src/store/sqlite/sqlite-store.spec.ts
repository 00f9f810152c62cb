import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import { rejectionOf } from '../../../../test/support/errors';
import { tempDir } from '../../../../test/support/temp-dir';
import type { ExecutionRecord, StepRecord } from '../../contracts/execution-record';
import type { StoredConnector } from '../../contracts/store';
import { SQLITE_MIGRATIONS } from './migrations';
import { SqliteStore } from './sqlite-store';

/** Every schema version this Relayflow knows, oldest first. */
const VERSIONS = SQLITE_MIGRATIONS.map((m) => m.version);
const LATEST = Math.max(...VERSIONS);

const record = (id: string): ExecutionRecord => ({
  id, workflow: { id: 'w', name: 'w' }, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, durationMs: null, error: null, steps: [],
});
const step = (name: string, output: unknown): StepRecord => ({
  name, type: 'console', status: 'completed', attempts: 1, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), output, error: null,
});

const connector: StoredConnector = {
  id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', name: 'ops', type: 'slack', config: { channel: '#ops' },
  secrets: { ciphertext: 'sealed', keyId: 'k1' }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};

/** Reads the file with a connection of its own, as another process would. */
function inspect<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Changes the file behind the store's back, as an older or newer Relayflow would have left it. */
function tamper(file: string, write: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    write(db);
  } finally {
    db.close();
  }
}

// What every kind of store does (reads, writes, closing) is specified once for all kinds in
// test/support/store-contract (run by ../store-contract.spec.ts); here, what only SQLite has.
describe('SqliteStore', () => {
  describe('.open', () => {
    it('creates the file in WAL mode with every schema version recorded', async () => {
      const file = join(tempDir(), 'relayflow.db');
      const store = new SqliteStore(file);
      await store.open();
      await store.close();
      expect(inspect(file, (db) => db.pragma('journal_mode', { simple: true }))).to.equal('wal');
      const versions = inspect(file, (db) => db.prepare('SELECT version, applied_at FROM schema_migrations').all()) as Array<{ version: number; applied_at: string }>;
      expect(versions.map((v) => v.version)).to.deep.equal(VERSIONS);
      expect(new Date(versions[0].applied_at).toISOString()).to.equal(versions[0].applied_at);
    });

    it('reopens an existing file with its data and without running the migrations again', async () => {
      const file = join(tempDir(), 'relayflow.db');
      const first = new SqliteStore(file);
      await first.open();
      await first.connectors.insert(connector);
      await first.executions.start(record('kept'), { yaml: 'name: w', event: { n: 1 }, inputs: {} });
      await first.close();
      const applied = inspect(file, (db) => db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all());

      const again = new SqliteStore(file);
      await again.open();
      try {
        expect(await again.connectors.get(connector.id)).to.deep.equal(connector);
        expect((await again.executions.get('kept'))?.workflow).to.deep.equal({ id: 'w', name: 'w' });
      } finally {
        await again.close();
      }
      expect(inspect(file, (db) => db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all())).to.deep.equal(applied);
    });

    it('refuses a store written by a newer schema version with STORE_UNAVAILABLE and a plain message, leaving it untouched', async () => {
      const file = join(tempDir(), 'relayflow.db');
      const store = new SqliteStore(file);
      await store.open();
      await store.connectors.insert(connector);
      await store.close();
      tamper(file, (db) => db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(LATEST + 1, new Date().toISOString()));

      const older = new SqliteStore(file);
      const err = await rejectionOf(older.open());
      expect(err.code).to.equal('STORE_UNAVAILABLE');
      expect(err.message).to.equal(`the store was written by a newer Relayflow (schema version ${LATEST + 1}; this one knows up to ${LATEST}); upgrade relayflow`);
      expect(inspect(file, (db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all())).to.deep.equal([...VERSIONS, LATEST + 1]);
      expect(inspect(file, (db) => db.prepare('SELECT name FROM connectors').pluck().all())).to.deep.equal(['ops']);
    });
  });

  it('keeps an in-memory store\'s writes on its own thread (a worker cannot share the database)', async () => {
    const store = new SqliteStore(':memory:');
    await store.open();
    await store.executions.start(record('e5'), { yaml: 'name: w', event: { n: 1 }, inputs: {} });
    await store.executions.saveStep('e5', 0, step('only', 'x'));
    expect((await store.executions.get('e5'))?.steps.map((s) => s.name)).to.deep.equal(['only']);
    expect(await store.executions.getInput('e5')).to.deep.equal({ yaml: 'name: w', event: { n: 1 }, inputs: {} });
    await store.close();
  });

  it('keeps the workflow rows it read while no process changed a workflow; a change made through another connection is seen at once', async () => {
    const file = join(tempDir(), 'relayflow.db');
    const here = new SqliteStore(file);
    const there = new SqliteStore(file);
    await here.open();
    await there.open();
    try {
      const at = new Date().toISOString();
      await here.workflows.create('hook', { yaml: 'name: hook', triggers: [{ type: 'webhook' }], at, enabled: true });
      const first = await here.workflows.get('hook');
      expect(await here.workflows.get('hook')).to.equal(first);
      await there.workflows.addVersion('hook', { yaml: 'name: hook # 2', triggers: [{ type: 'webhook' }], at });
      expect((await here.workflows.get('hook'))?.version).to.equal(2);
      await there.workflows.setEnabled('hook', false, at);
      expect((await here.workflows.get('hook'))?.enabled).to.equal(false);
      await there.workflows.delete('hook');
      expect(await here.workflows.get('hook')).to.equal(undefined);
    } finally {
      await there.close();
      await here.close();
    }
  });

  /**
   * A store on a file whose write lock another connection (as an execution thread's would) holds
   * while `during` runs; `release` commits that connection's transaction.
   */
  async function whileLocked(during: (store: SqliteStore, file: string, release: () => void) => Promise<void>): Promise<void> {
    const file = join(tempDir(), 'relayflow.db');
    const store = new SqliteStore(file);
    await store.open();
    const other = new Database(file);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      await during(store, file, () => other.prepare('COMMIT').run());
    } finally {
      other.close();
      await store.close();
    }
  }

  it('commits a full batch that found the write lock taken once it is free, with nothing more written or asked', async () => {
    await whileLocked(async (store, file, release) => {
      // 1000 waiting writes commit at once (no timer, no checkpoint): the lock is taken.
      for (let i = 0; i < 1000; i++) await store.executions.start(record(`full-${i}`), { yaml: 'name: w', event: {}, inputs: {} });
      release();
      const count = (): number => inspect(file, (db) => db.prepare('SELECT COUNT(*) FROM executions').pluck().get() as number);
      const deadline = Date.now() + 2_000;
      while (count() < 1000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(count()).to.equal(1000);
    });
  });

  it('does not hold the event loop while another connection (an execution thread) holds the write lock: the commit waits its turn', async () => {
    await whileLocked(async (store, file, release) => {
      await store.executions.start(record('e6'), { yaml: 'name: w', event: {}, inputs: {} });
      let committed = false;
      const checkpoint = store.executions.checkpoint().then(() => { committed = true; });
      // The loop runs on meanwhile (a blocking commit would sleep in SQLite's busy handler for up to 5 s).
      const ticks = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(Date.now() - ticks).to.be.below(500);
      expect(committed).to.equal(false);
      release();
      await checkpoint;
      expect(inspect(file, (db) => db.prepare('SELECT id FROM executions').pluck().all())).to.deep.equal(['e6']);
    });
  });
});
