import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import { v7 as timeOrderedUuid } from 'uuid';
import { tempDir } from '../../../../test/support/temp-dir';
import type { ExecutionRecord, ExecutionStatus } from '../../contracts/execution-record';
import { SQLITE_MIGRATIONS } from './migrations';
import { SqliteStore } from './sqlite-store';

const INPUT = { yaml: 'name: w', event: {}, inputs: {} };

function record(workflow: string, extra: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id: timeOrderedUuid(), workflow: { id: workflow, name: workflow }, status: 'running', startedAt: new Date().toISOString(),
    finishedAt: null, durationMs: null, error: null, steps: [], ...extra,
  };
}

async function openStore(file = join(tempDir(), 'relayflow.db')): Promise<SqliteStore> {
  const store = new SqliteStore(file);
  await store.open();
  return store;
}

describe('SqliteExecutionStore', () => {
  let store: SqliteStore;
  beforeEach(async () => { store = await openStore(); });
  afterEach(() => store.close());

  describe('.start / .get', () => {
    it('keeps the trigger and the workflow version of a record, and reads an unsaved workflow\'s without a version', async () => {
      const stored = record('w', { workflowVersion: 3, trigger: { type: 'scheduled', at: '2026-03-01T10:00:00.000Z' } });
      const unsaved = record('adhoc', { trigger: { type: 'manual', at: '2026-03-01T09:00:00.000Z' } });
      await store.executions.start(stored, INPUT);
      await store.executions.start(unsaved, INPUT);
      expect(await store.executions.get(stored.id)).to.deep.equal(stored);
      expect(await store.executions.get(unsaved.id)).to.deep.equal(unsaved);
      expect((await store.executions.list()).map((e) => [e.workflow.id, e.workflowVersion, e.trigger?.type])).to.have.deep.members([['w', 3, 'scheduled'], ['adhoc', undefined, 'manual']]);
    });

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

  describe('.page', () => {
    /** 25 executions of two workflows, a third failed; returns their ids newest first. */
    async function seed(): Promise<ExecutionRecord[]> {
      const made: ExecutionRecord[] = [];
      for (let i = 0; i < 25; i++) {
        const r = record(i % 2 ? 'odd' : 'even', { workflowVersion: 1, trigger: { type: 'webhook', at: new Date().toISOString() } });
        await store.executions.start(r, INPUT);
        if (i % 3 === 0) await store.executions.finish(r.id, { status: 'failed', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
        made.push(r);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return made.reverse();
    }

    async function allPages(query: { workflowId?: string; status?: ExecutionStatus; limit: number }): Promise<{ pages: string[][]; cursors: Array<string | undefined> }> {
      const pages: string[][] = [];
      const cursors: Array<string | undefined> = [];
      let cursor: string | undefined;
      do {
        const page = await store.executions.page({ ...query, cursor });
        pages.push(page.items.map((e) => e.id));
        cursors.push(page.nextCursor);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 20);
      return { pages, cursors };
    }

    it('pages through every execution newest first; the last page has no nextCursor', async () => {
      const made = await seed();
      const { pages, cursors } = await allPages({ limit: 10 });
      expect(pages.map((p) => p.length)).to.deep.equal([10, 10, 5]);
      expect(pages.flat()).to.deep.equal(made.map((r) => r.id));
      expect(cursors).to.deep.equal([made[9].id, made[19].id, undefined]);
      const first = await store.executions.page({ limit: 1 });
      expect(first.items[0]).to.deep.include({ id: made[0].id, workflowVersion: 1, trigger: made[0].trigger, stepCount: 0 });
      expect(first.items[0]).to.have.keys(['id', 'workflow', 'workflowVersion', 'trigger', 'status', 'startedAt', 'finishedAt', 'durationMs', 'error', 'stepCount']);
    });

    it('gives a page that ends exactly at the last execution no nextCursor', async () => {
      const made = await seed();
      const { pages, cursors } = await allPages({ limit: 25 });
      expect(pages).to.deep.equal([made.map((r) => r.id)]);
      expect(cursors).to.deep.equal([undefined]);
    });

    it('filters by workflow and by status, across pages', async () => {
      const made = await seed();
      const odd = made.filter((r) => r.workflow.id === 'odd').map((r) => r.id);
      const failedEven = made.filter((r, i) => r.workflow.id === 'even' && (24 - i) % 3 === 0).map((r) => r.id);
      expect((await allPages({ workflowId: 'odd', limit: 5 })).pages.flat()).to.deep.equal(odd);
      expect((await allPages({ workflowId: 'odd', limit: 5 })).pages.map((p) => p.length)).to.deep.equal([5, 5, 2]);
      expect((await allPages({ workflowId: 'even', status: 'failed', limit: 2 })).pages.flat()).to.deep.equal(failedEven);
      expect((await allPages({ status: 'failed', limit: 100 })).pages.flat()).to.have.length(9);
      expect(await store.executions.page({ workflowId: 'none', limit: 5 })).to.deep.equal({ items: [] });
    });

    it('does not shift when executions start between pages', async () => {
      const made = await seed();
      const first = await store.executions.page({ limit: 10 });
      await store.executions.start(record('even'), INPUT);
      const second = await store.executions.page({ limit: 10, cursor: first.nextCursor });
      expect(second.items.map((e) => e.id)).to.deep.equal(made.slice(10, 20).map((r) => r.id));
    });
  });

  describe('.requestCancel / .cancelRequested', () => {
    it('marks a running execution for whichever process runs it, and says when it ended or does not exist', async () => {
      const running = record('w');
      const done = record('w');
      await store.executions.start(running, INPUT);
      await store.executions.start(done, INPUT);
      await store.executions.finish(done.id, { status: 'completed', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
      expect(await store.executions.cancelRequested([running.id, done.id])).to.deep.equal([]);
      expect(await store.executions.requestCancel(running.id, new Date().toISOString())).to.equal('requested');
      expect(await store.executions.requestCancel(done.id, new Date().toISOString())).to.equal('not_running');
      expect(await store.executions.requestCancel('nope', new Date().toISOString())).to.equal('not_found');
      expect(await store.executions.cancelRequested([running.id, done.id])).to.deep.equal([running.id]);
      expect(await store.executions.cancelRequested([done.id])).to.deep.equal([]);
      await store.executions.finish(running.id, { status: 'cancelled', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
      expect((await store.executions.get(running.id))?.status).to.equal('cancelled'); // a read waits for the writes before it
      expect(await store.executions.cancelRequested([running.id])).to.deep.equal([]);
    });
  });
});
