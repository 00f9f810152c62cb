import Database from 'better-sqlite3';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { tempDir } from '../../../../test/support/temp-dir';
import { ExecutionWriteApplier, type ExecutionWrite } from './execution-writes';
import { SqliteStore } from './sqlite-store';
import { CHECKPOINT_EVERY_MS, START_AT_WAL_BYTES, type WalCheckpointer } from './wal-checkpointer';

const start = (id: string): ExecutionWrite => ({ kind: 'start', id, workflowId: 'w', workflowName: 'w', status: 'running', startedAt: new Date().toISOString(), input: '{}' });
const step = (executionId: string, seq: number): ExecutionWrite => ({ kind: 'step', executionId, seq, record: JSON.stringify({ name: `s${seq}` }) });
const at = new Date().toISOString();
const record = (id: string) => ({ id, workflow: { id: 'w', name: 'w' }, status: 'running' as const, startedAt: at, finishedAt: null, durationMs: null, error: null, steps: [] });

function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** The thread starts with the first commit instead of once the WAL holds START_AT_WAL_BYTES. */
function startThreadAtOnce(store: SqliteStore): void {
  const checkpointer = (store as unknown as { checkpointer: WalCheckpointer }).checkpointer;
  (checkpointer as unknown as { startAtWalBytes: number }).startAtWalBytes = 0;
}

describe('SQLite commits and WAL checkpoints', () => {
  it('commits a batch in one transaction, reporting a write that fails and keeping the others', async () => {
    const file = join(tempDir(), 'relayflow.db');
    const store = new SqliteStore(file);
    await store.open();
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE execution_steps');
    const failures = new ExecutionWriteApplier(db).apply([start('e9'), step('e9', 0), start('e9')]);
    db.close();
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/could not record an execution write: no such table: execution_steps/);
    expect(rows(file, 'SELECT id FROM executions')).to.deep.equal([{ id: 'e9' }]);
  });

  it('never checkpoints on the connection that commits; its thread copies the WAL into the file while records are written', async () => {
    const file = join(tempDir(), 'relayflow.db');
    const store = new SqliteStore(file);
    await store.open();
    startThreadAtOnce(store);
    const before = statSync(file).size;
    await store.executions.start(record('e1'), { yaml: 'x'.repeat(1000), event: {}, inputs: {} });
    for (let seq = 0; seq < 3000; seq++) {
      await store.executions.saveStep('e1', seq, { name: `s${seq}`, type: 'console', status: 'completed', attempts: 1, startedAt: at, finishedAt: at, output: 'x'.repeat(500), error: null });
      if (seq % 100 === 0) await store.executions.checkpoint();
    }
    await store.executions.checkpoint();
    // The main connection's automatic checkpoints are off: only the thread grows the file.
    const deadline = Date.now() + 5000;
    while (statSync(file).size <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).size).to.be.above(before + 1_000_000);
    expect((await store.executions.get('e1'))?.steps).to.have.length(3000);
    await store.close();
  });

  it('starts no thread while the WAL is small (a short run); closing the store checkpoints it into the file', async () => {
    const file = join(tempDir(), 'relayflow.db');
    const store = new SqliteStore(file);
    await store.open();
    await store.executions.start(record('e4'), { yaml: '', event: {}, inputs: {} });
    await store.executions.saveStep('e4', 0, { name: 'a', type: 'console', status: 'completed', attempts: 1, startedAt: at, finishedAt: at, output: null, error: null });
    await store.executions.checkpoint();
    await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_EVERY_MS + 50));
    await store.executions.finish('e4', { status: 'completed', finishedAt: at, durationMs: 1, error: null });
    await store.executions.checkpoint();
    const checkpointer = (store as unknown as { checkpointer: WalCheckpointer }).checkpointer;
    expect((checkpointer as unknown as { worker?: Worker }).worker).to.equal(undefined);
    expect(statSync(`${file}-wal`).size).to.be.below(START_AT_WAL_BYTES);
    await store.close();
    expect(() => statSync(`${file}-wal`)).to.throw(/ENOENT/);
    expect(rows(file, 'SELECT id, status FROM executions')).to.deep.equal([{ id: 'e4', status: 'completed' }]);
  });

  it('checkpoints on the committing connection again when its thread dies, and says so once', async () => {
    const file = join(tempDir(), 'relayflow.db');
    const reports: string[] = [];
    const store = new SqliteStore(file, (m) => reports.push(m));
    await store.open();
    startThreadAtOnce(store);
    await store.executions.start(record('e2'), { yaml: '', event: {}, inputs: {} });
    await store.executions.checkpoint();
    const checkpointer = (store as unknown as { checkpointer: WalCheckpointer }).checkpointer;
    const worker = () => (checkpointer as unknown as { worker?: Worker }).worker;
    const deadline = Date.now() + 5000;
    while (!worker() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker()?.terminate();
    await store.executions.saveStep('e2', 0, { name: 'a', type: 'console', status: 'completed', attempts: 1, startedAt: at, finishedAt: at, output: null, error: null });
    await store.executions.checkpoint();
    expect(reports).to.have.length(1);
    expect(reports[0]).to.match(/the store's checkpoint thread stopped \(it exited with code \d+\); checkpointing on the main thread instead/);
    const commits = (store as unknown as { commits: Database.Database }).commits;
    expect(commits.pragma('wal_autocheckpoint', { simple: true })).to.equal(1000);
    expect((await store.executions.get('e2'))?.steps).to.have.length(1);
    await store.close();
  });

  it('does not keep the process alive once its records are committed, even without close()', function () {
    this.timeout(20000);
    const file = join(tempDir(), 'relayflow.db');
    const script = `
      const { SqliteStore } = require(${JSON.stringify(join(__dirname, 'sqlite-store'))});
      (async () => {
        const store = new SqliteStore(${JSON.stringify(file)});
        await store.open();
        store.checkpointer.startAtWalBytes = 0;
        const at = new Date().toISOString();
        await store.executions.start({ id: 'e3', workflow: { id: 'w', name: 'w' }, status: 'running', startedAt: at, finishedAt: null, durationMs: null, error: null, steps: [] }, { yaml: '', event: {}, inputs: {} });
        await store.executions.saveStep('e3', 0, { name: 'only', type: 'console', status: 'completed', attempts: 1, startedAt: at, finishedAt: at, output: 'x', error: null });
        await store.executions.checkpoint();
      })();`;
    const child = spawnSync(process.execPath, ['--conditions=relayflow-src', '--require', require.resolve('tsx/cjs'), '-e', script], { timeout: 15000, encoding: 'utf8' });
    expect(child.error, 'the process did not end by itself').to.equal(undefined);
    expect(child.status, child.stderr).to.equal(0);
    expect(rows(file, 'SELECT execution_id, seq FROM execution_steps')).to.deep.equal([{ execution_id: 'e3', seq: 0 }]);
  });
});
