import { expect } from 'chai';
import { createServer } from 'node:net';
import { v7 as timeOrderedUuid } from 'uuid';
import { rejectionOf } from '../../../../test/support/errors';
import { usePostgresDatabase } from '../../../../test/support/postgres-database';
import type { Logger } from '../../contracts/logger';
import type { ExecutionRecord, StepRecord } from '../../contracts/execution-record';
import { exitCodeFor } from '../../errors/error-info';
import { knownMigrations } from './postgres-migrations';
import { PostgresStore } from './postgres-store';

/** A logger that keeps every line (message and fields), to check what is never logged. */
function recordingLogger(lines: string[]): Logger {
  const log = (message: string, fields?: Record<string, unknown>): void => { lines.push(`${message} ${JSON.stringify(fields ?? {})}`); };
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const record = (): ExecutionRecord => ({
  id: timeOrderedUuid(), workflow: { id: 'w', name: 'w' }, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, durationMs: null, error: null, steps: [],
});
const step = (status: StepRecord['status']): StepRecord => ({
  name: 'a', type: 'http', stepId: 'steps[0]', status, attempts: 1, startedAt: new Date().toISOString(), finishedAt: null, output: null, error: null,
});

// What every kind of store does is specified once for all kinds in test/support/store-contract
// (run by ../store-contract.spec.ts); here, what only PostgreSQL has.
describe('PostgresStore', () => {
  const database = usePostgresDatabase();
  const lines: string[] = [];
  let stores: PostgresStore[] = [];
  const open = async (url = database().url): Promise<PostgresStore> => {
    const store = new PostgresStore(url, recordingLogger(lines));
    stores.push(store);
    await store.open();
    return store;
  };
  beforeEach(async () => {
    lines.length = 0;
    await database().query('DROP SCHEMA IF EXISTS relayflow CASCADE');
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });

  describe('.open', () => {
    it('puts every table in the schema relayflow, and records each migration it ran', async () => {
      await open();
      const tables = await database().query<{ schema: string; name: string }>(
        "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 2",
      );
      expect(tables).to.deep.equal(['api_keys', 'connectors', 'execution_steps', 'executions', 'migrations', 'trigger_fires', 'workers', 'workflow_versions', 'workflows'].map((name) => ({ schema: 'relayflow', name })));
      const ran = await database().query<{ name: string }>('SELECT name FROM relayflow.migrations ORDER BY id');
      expect(ran.map((m) => m.name)).to.deep.equal(knownMigrations());
      expect(knownMigrations()[0]).to.equal('0001_relayflow-schema');
      expect(lines.some((l) => l.startsWith('PostgreSQL store migrated'))).to.equal(true);
    });

    it('migrates once when several processes open an empty database at once, and not again when reopened', async () => {
      await Promise.all([open(), open(), open()]);
      const ran = await database().query<{ name: string; run_on: Date }>('SELECT name, run_on FROM relayflow.migrations ORDER BY id');
      expect(ran.map((m) => m.name)).to.deep.equal(knownMigrations());
      await open();
      expect(await database().query('SELECT name, run_on FROM relayflow.migrations ORDER BY id')).to.deep.equal(ran);
    });

    it('refuses a store migrated by a newer Relayflow with STORE_UNAVAILABLE and a plain message, leaving it untouched', async () => {
      const store = await open();
      await store.workflows.create('w', { yaml: 'v1', triggers: [], enabled: true, at: '2026-01-01T00:00:00.000Z' });
      await store.close();
      await database().query("INSERT INTO relayflow.migrations (name, run_on) VALUES ('9000_from-a-newer-relayflow', now())");
      const err = await rejectionOf(open());
      expect(err.code).to.equal('STORE_UNAVAILABLE');
      expect(err.message).to.equal(`the store was written by a newer Relayflow (schema migration 9000_from-a-newer-relayflow; this one knows up to ${knownMigrations().at(-1)}); upgrade relayflow`);
      expect(await database().query('SELECT id FROM relayflow.workflows')).to.deep.equal([{ id: 'w' }]);
    });

    it('says which server refused the connection, without its password (exit 2), and never logs the password', async () => {
      const port = await closedPort();
      const err = await rejectionOf(open(`postgres://relay:Sup3r5ecretPw@127.0.0.1:${port}/rf?sslpassword=Key5ecret`));
      expect(err.code).to.equal('STORE_UNAVAILABLE');
      expect(exitCodeFor(err)).to.equal(2);
      expect(err.message).to.equal(`cannot open the PostgreSQL store postgres://127.0.0.1:${port}/rf?sslpassword=***: connect ECONNREFUSED 127.0.0.1:${port}; `
        + 'check that PostgreSQL is running and reachable there, or change "store:" in relayflow.yaml');
      for (const secret of ['Sup3r5ecretPw', 'Key5ecret']) expect(lines.join('\n')).to.not.contain(secret);
    });

    it('says when the database does not exist', async () => {
      const url = new URL(database().url);
      url.pathname = '/relayflow_no_such_database';
      const err = await rejectionOf(open(url.toString()));
      expect(err.code).to.equal('STORE_UNAVAILABLE');
      expect(err.message).to.match(/^cannot open the PostgreSQL store postgres:\/\/127\.0\.0\.1:5432\/relayflow_no_such_database: database "relayflow_no_such_database" does not exist; check the user, password and database/);
    });
  });

  describe('.executions', () => {
    it('resolves a write only once it is committed: another connection reads it at once', async () => {
      const store = await open();
      const r = record();
      await store.executions.start(r, { yaml: 'name: w', event: {}, inputs: {} });
      expect(await database().query('SELECT status FROM relayflow.executions WHERE id = $1', [r.id])).to.deep.equal([{ status: 'running' }]);
      for (const status of ['running', 'completed'] as const) {
        await store.executions.saveStep(r.id, 0, step(status));
        const rows = await database().query<{ record: string }>('SELECT record FROM relayflow.execution_steps WHERE execution_id = $1', [r.id]);
        expect(rows.map((row) => (JSON.parse(row.record) as StepRecord).status)).to.deep.equal([status]);
      }
      await store.executions.finish(r.id, { status: 'completed', finishedAt: new Date().toISOString(), durationMs: 3, error: null });
      expect(await database().query('SELECT status, duration_ms FROM relayflow.executions WHERE id = $1', [r.id])).to.deep.equal([{ status: 'completed', duration_ms: '3' }]);
    });

    it('fails a step write of an execution it does not know with STORE_ERROR, and commits the others', async () => {
      const store = await open();
      const r = record();
      await store.executions.start(r, { yaml: 'name: w', event: {}, inputs: {} });
      const [unknown, known] = await Promise.allSettled([store.executions.saveStep('no-such-execution', 0, step('completed')), store.executions.saveStep(r.id, 0, step('completed'))]);
      expect(unknown.status).to.equal('rejected');
      expect((unknown as PromiseRejectedResult).reason).to.include({ code: 'STORE_ERROR' });
      expect(known.status).to.equal('fulfilled');
      expect((await store.executions.get(r.id))?.steps).to.have.length(1);
    });
  });
});
