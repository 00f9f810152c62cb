import Database from 'better-sqlite3';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { tempDir } from '../../../../test/support/temp-dir';
import { WorkerExecutionWriter } from './execution-writer';
import type { ExecutionWrite } from './execution-writes';
import { SqliteStore } from './sqlite-store';

const start = (id: string): ExecutionWrite => ({ kind: 'start', id, workflowId: 'w', workflowName: 'w', status: 'running', startedAt: new Date().toISOString(), input: '{}' });
const step = (executionId: string, seq: number): ExecutionWrite => ({ kind: 'step', executionId, seq, record: JSON.stringify({ name: `s${seq}` }) });

/** A migrated, empty store file. */
async function storeFile(): Promise<string> {
  const file = join(tempDir(), 'relayflow.db');
  const store = new SqliteStore(file);
  await store.open();
  await store.close();
  return file;
}

function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('WorkerExecutionWriter', () => {
  it('commits batches in order from its own thread; settled() waits for them', async () => {
    const file = await storeFile();
    const failures: string[] = [];
    const writer = new WorkerExecutionWriter(file, (m) => failures.push(m));
    writer.write([start('e1'), step('e1', 0)]);
    writer.write([step('e1', 1), { kind: 'finish', id: 'e1', status: 'completed', finishedAt: new Date().toISOString(), durationMs: 3, error: null }]);
    await writer.settled();
    expect(rows(file, 'SELECT seq FROM execution_steps ORDER BY seq')).to.deep.equal([{ seq: 0 }, { seq: 1 }]);
    expect(rows(file, 'SELECT status FROM executions')).to.deep.equal([{ status: 'completed' }]);
    writer.write([start('e1')]); // a batch applied twice (after a takeover) changes nothing
    await writer.settled();
    expect(failures).to.deep.equal([]);
    expect(rows(file, 'SELECT COUNT(*) AS n FROM executions')).to.deep.equal([{ n: 1 }]);
    await writer.close();
  });

  it('reports a write that fails and commits the others of its batch', async () => {
    const file = await storeFile();
    const db = new Database(file);
    db.exec('DROP TABLE execution_steps');
    db.close();
    const failures: string[] = [];
    const writer = new WorkerExecutionWriter(file, (m) => failures.push(m));
    writer.write([start('e9'), step('e9', 0)]);
    await writer.settled();
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/could not record an execution write: no such table: execution_steps/);
    expect(rows(file, 'SELECT id FROM executions')).to.deep.equal([{ id: 'e9' }]);
    await writer.close();
  });

  it('writes on the calling thread when its thread dies, losing no batch', async () => {
    const file = await storeFile();
    const failures: string[] = [];
    const writer = new WorkerExecutionWriter(file, (m) => failures.push(m));
    writer.write([start('e2')]);
    await writer.settled();
    const worker = (writer as unknown as { worker: Worker }).worker;
    writer.write([step('e2', 0)]);
    await worker.terminate();
    writer.write([step('e2', 1)]);
    await writer.settled();
    expect(rows(file, 'SELECT seq FROM execution_steps ORDER BY seq')).to.deep.equal([{ seq: 0 }, { seq: 1 }]);
    expect(failures.join('\n')).to.match(/the store's writer thread stopped .*; writing on the main thread instead/);
    await writer.close();
  });

  it('does not keep the process alive once its batches are committed, even without close()', function () {
    this.timeout(20000);
    const file = join(tempDir(), 'relayflow.db');
    const script = `
      const { SqliteStore } = require(${JSON.stringify(join(__dirname, 'sqlite-store'))});
      (async () => {
        const store = new SqliteStore(${JSON.stringify(file)});
        await store.open();
        const at = new Date().toISOString();
        await store.executions.start({ id: 'e3', workflow: { id: 'w', name: 'w' }, status: 'running', startedAt: at, finishedAt: null, durationMs: null, error: null, steps: [] }, { yaml: '', event: {}, inputs: {} });
        await store.executions.saveStep('e3', 0, { name: 'only', type: 'console', status: 'completed', attempts: 1, startedAt: at, finishedAt: at, output: 'x', error: null });
      })();`;
    const child = spawnSync(process.execPath, ['--conditions=relayflow-src', '--require', require.resolve('tsx/cjs'), '-e', script], { timeout: 15000, encoding: 'utf8' });
    expect(child.error, 'the process did not end by itself').to.equal(undefined);
    expect(child.status, child.stderr).to.equal(0);
    expect(rows(file, 'SELECT execution_id, seq FROM execution_steps')).to.deep.equal([{ execution_id: 'e3', seq: 0 }]);
  });
});
