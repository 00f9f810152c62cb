import { expect } from 'chai';
import { Pool, type PoolClient } from 'pg';
import { rejectionOf } from '../../../../test/support/errors';
import { usePostgresDatabase, type TestDatabase } from '../../../../test/support/postgres-database';
import type { Logger } from '../../contracts/logger';
import { ExecutionWriter } from './execution-writer';
import type { ExecutionWrite } from './execution-writes';
import { PostgresStore } from './postgres-store';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

const start = (id: string): ExecutionWrite => ({
  kind: 'start', id, workflowId: 'w', workflowName: 'w', status: 'running', startedAt: new Date().toISOString(), input: '{}', triggerType: 'manual', triggerAt: new Date().toISOString(),
});
const step = (executionId: string, seq: number): ExecutionWrite => ({ kind: 'step', executionId, seq, record: JSON.stringify({ name: `s${seq}` }) });
const finish = (id: string): ExecutionWrite => ({ kind: 'finish', id, status: 'completed', finishedAt: new Date().toISOString(), durationMs: 3, error: null });

describe('ExecutionWriter (PostgreSQL)', () => {
  const database = usePostgresDatabase();
  // Nested: its pool ends before the outer suite drops the database.
  describe('.write / .close', () => { writerSpecs(database); });
});

function writerSpecs(database: () => TestDatabase): void {
  let pool: Pool;
  const warnings: string[] = [];
  const writer = (connect: () => Promise<PoolClient> = () => pool.connect()) => new ExecutionWriter({ connect, warn: (m) => warnings.push(m) });

  before(async () => {
    await database().query('DROP SCHEMA IF EXISTS relayflow CASCADE');
    const store = new PostgresStore(database().url, quiet);
    await store.open(); // migrated
    await store.close();
    pool = new Pool({ connectionString: database().url });
  });
  beforeEach(async () => {
    warnings.length = 0;
    await pool.query('TRUNCATE relayflow.executions CASCADE');
  });
  after(() => pool?.end());

  it('commits the writes of many executions made together in a few transactions; each resolves once committed', async () => {
    const w = writer();
    const ids = Array.from({ length: 50 }, (_, i) => `e${i}`);
    const committed = ids.flatMap((id) => [w.write(() => start(id)), w.write(() => step(id, 0)), w.write(() => step(id, 1)), w.write(() => finish(id))]);
    await Promise.all(committed);
    expect(w.transactions).to.be.at.most(2);
    expect((await pool.query("SELECT count(*)::int AS n FROM relayflow.executions WHERE status = 'completed'")).rows[0].n).to.equal(50);
    expect((await pool.query('SELECT count(*)::int AS n FROM relayflow.execution_steps')).rows[0].n).to.equal(100);
  });

  it('commits one execution\'s writes in order, one transaction each when they come one after another', async () => {
    const w = writer();
    await w.write(() => start('e1'));
    await w.write(() => step('e1', 0));
    await w.write(() => finish('e1'));
    expect(w.transactions).to.equal(3);
    expect((await pool.query('SELECT status FROM relayflow.executions')).rows).to.deep.equal([{ status: 'completed' }]);
  });

  it('fails a write the database refuses, or that cannot be made, alone with STORE_ERROR', async () => {
    const w = writer();
    const results = await Promise.allSettled([
      w.write(() => start('e1')),
      w.write(() => step('unknown', 0)),
      w.write(() => { throw new Error('Do not know how to serialize a BigInt'); }),
      w.write(() => step('e1', 0)),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const [, refused, unmade] = results as PromiseRejectedResult[];
    expect(refused.reason).to.include({ code: 'STORE_ERROR' });
    expect(String(refused.reason.message)).to.match(/^could not record an execution write: .*foreign key/);
    expect(unmade.reason).to.include({ code: 'STORE_ERROR', message: 'could not record an execution write: Do not know how to serialize a BigInt' });
    expect((await pool.query('SELECT execution_id, seq FROM relayflow.execution_steps')).rows).to.deep.equal([{ execution_id: 'e1', seq: 0 }]);
  });

  it('tries a batch again while the server cannot be reached, saying so once', async () => {
    let refusals = 2;
    const w = writer(async () => {
      if (refusals-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      return pool.connect();
    });
    await w.write(() => start('e1'));
    expect(warnings).to.deep.equal(['PostgreSQL cannot be reached (connect ECONNREFUSED 127.0.0.1:5432): execution writes are tried again for up to 30 s']);
    expect((await pool.query('SELECT id FROM relayflow.executions')).rows).to.deep.equal([{ id: 'e1' }]);
  });

  it('waits for the writes handed over when closed, and refuses writes after', async () => {
    const w = writer();
    const committed = w.write(() => start('e1'));
    await w.close();
    expect((await pool.query('SELECT id FROM relayflow.executions')).rows).to.deep.equal([{ id: 'e1' }]);
    await committed;
    expect((await rejectionOf(w.write(() => start('e2')))).code).to.equal('STORE_UNAVAILABLE');
  });
}
