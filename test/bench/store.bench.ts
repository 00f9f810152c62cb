// What recording executions costs on each kind of store: the PostgreSQL store beside the embedded
// SQLite one, in the same run. Run with `npm run bench -- store` (PostgreSQL at 127.0.0.1:5432,
// user postgres: a database is made for the run and dropped after).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as timeOrderedUuid } from 'uuid';
import type { ExecutionRecord, StepRecord } from '../../core/src/contracts/execution-record';
import type { Logger } from '../../core/src/contracts/logger';
import type { Store } from '../../core/src/contracts/store';
import { PostgresStore } from '../../core/src/store/postgres/postgres-store';
import { SqliteStore } from '../../core/src/store/sqlite/sqlite-store';
import { createTestDatabase } from '../support/postgres-database';

const STEPS = 10;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/**
 * One execution's writes as the engine makes them: started, then per step a `running` record and
 * its `completed` one (awaited: the caller goes on once it is committed), then finished.
 */
async function recordExecution(store: Store): Promise<void> {
  const now = new Date().toISOString();
  const record: ExecutionRecord = { id: timeOrderedUuid(), workflow: { id: 'bench', name: 'bench' }, status: 'running', startedAt: now, finishedAt: null, durationMs: null, error: null, steps: [] };
  await store.executions.start(record, { yaml: 'name: bench', event: { id: 'evt-1' }, inputs: {} });
  for (let seq = 0; seq < STEPS; seq++) {
    const step: StepRecord = { name: `s${seq}`, type: 'console', stepId: `steps[${seq}]`, status: 'running', attempts: 1, startedAt: now, finishedAt: null, output: null, error: null };
    void store.executions.saveStep(record.id, seq, step);
    await store.executions.saveStep(record.id, seq, { ...step, status: 'completed', finishedAt: new Date().toISOString(), output: `step ${seq} done` });
  }
  await store.executions.finish(record.id, { status: 'completed', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
}

interface Row { store: string; inFlight: number; executions: number; execPerSec: number; usPerStep: number }

async function measure(label: string, store: Store, inFlight: number, executions: number): Promise<Row> {
  const run = async (count: number): Promise<void> => {
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next++ < count) await recordExecution(store);
    }));
    await store.executions.list({ limit: 1 }); // every write committed
  };
  await run(Math.min(100, executions));
  const started = process.hrtime.bigint();
  await run(executions);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { store: label, inFlight, executions, execPerSec: executions / seconds, usPerStep: (seconds * 1e6 * inFlight) / (executions * STEPS) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'relayflow-bench-'));
  const database = await createTestDatabase();
  const sqlite = new SqliteStore(join(dir, 'relayflow.db'));
  const postgres = new PostgresStore(database.url, quiet);
  try {
    await sqlite.open();
    await postgres.open();
    const rows: Row[] = [];
    for (const inFlight of [1, 32]) {
      const executions = inFlight === 1 ? 300 : 2000;
      rows.push(await measure('SQLite (WAL, group commit every 10 ms)', sqlite, inFlight, executions));
      rows.push(await measure('PostgreSQL (group commit, awaited)', postgres, inFlight, executions));
    }
    const width = Math.max(...rows.map((r) => r.store.length));
    const line = (s: string, f: string, e: string, x: string, u: string): string => `${s.padEnd(width)}  ${f.padStart(9)}  ${e.padStart(10)}  ${x.padStart(12)}  ${u.padStart(16)}`;
    console.log(`${STEPS}-step executions, each step a running and a completed record (the completed one awaited)\n`);
    console.log(line('store', 'in flight', 'executions', 'executions/s', 'µs/step (each)'));
    console.log('-'.repeat(width + 55));
    for (const r of rows) console.log(line(r.store, String(r.inFlight), String(r.executions), r.execPerSec.toFixed(0), r.usPerStep.toFixed(0)));
    console.log('\nSQLite resolves a write when it is queued (committed within 10 ms); PostgreSQL when it is committed.');
  } finally {
    await Promise.allSettled([sqlite.close(), postgres.close()]);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
