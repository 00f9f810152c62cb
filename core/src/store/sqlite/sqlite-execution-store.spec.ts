import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import { tempDir } from '../../../../test/support/temp-dir';
import { SQLITE_MIGRATIONS } from './migrations';
import { SqliteStore } from './sqlite-store';

async function openStore(file: string): Promise<SqliteStore> {
  const store = new SqliteStore(file);
  await store.open();
  return store;
}

// What every kind of store does with executions is specified once for all kinds in
// test/support/store-contract (run by ../store-contract.spec.ts); here, what only SQLite has.
describe('SqliteExecutionStore', () => {
  describe('.get', () => {
    it('reads records written before triggers were kept as manual runs at their start', async () => {
      const file = join(tempDir(), 'old.db');
      const old = new Database(file);
      old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      old.exec(SQLITE_MIGRATIONS[0].sql);
      old.prepare('INSERT INTO schema_migrations VALUES (1, ?)').run(new Date().toISOString());
      old.prepare("INSERT INTO executions (id, workflow_id, workflow_name, status, started_at, finished_at, duration_ms, input) VALUES ('old', 'w', 'w', 'completed', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z', 1000, '{}')").run();
      old.close();
      const upgraded = await openStore(file);
      try {
        const read = await upgraded.executions.get('old');
        expect(read?.trigger).to.deep.equal({ type: 'manual', at: '2025-01-01T00:00:00.000Z' });
        expect(read).to.not.have.property('workflowVersion');
        expect((await upgraded.executions.page({ limit: 5 })).items[0].trigger).to.deep.equal({ type: 'manual', at: '2025-01-01T00:00:00.000Z' });
      } finally {
        await upgraded.close();
      }
    });
  });
});
