import { expect } from 'chai';
import { v7 as timeOrderedUuid } from 'uuid';
import type { ExecutionRecord, ExecutionStatus, StepRecord } from '../../../core/src/contracts/execution-record';
import type { Store } from '../../../core/src/contracts/store';
import type { StoreMaker } from './store-maker';

const INPUT = { yaml: 'name: w', event: {}, inputs: {} };

function record(workflow: string, extra: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id: timeOrderedUuid(), workflow: { id: workflow, name: workflow }, status: 'running', startedAt: new Date().toISOString(),
    finishedAt: null, durationMs: null, error: null, steps: [], ...extra,
  };
}

function step(name: string, output: unknown, extra: Partial<StepRecord> = {}): StepRecord {
  return {
    name, type: 'console', stepId: `steps[${name}]`, status: 'completed', attempts: 1, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
    output, error: null, ...extra,
  };
}

/** The ExecutionStore contract. */
export function executionStoreSuite(maker: StoreMaker): void {
  describe('ExecutionStore', () => {
    let store: Store;
    beforeEach(async () => { store = await maker.open(); });

    describe('.start / .saveStep / .finish / .get', () => {
      it('keeps the trigger and the workflow version of a record, and reads an unsaved workflow\'s without a version', async () => {
        const stored = record('w', { workflowVersion: 3, trigger: { type: 'scheduled', at: '2026-03-01T10:00:00.000Z' } });
        const unsaved = record('adhoc', { trigger: { type: 'manual', at: '2026-03-01T09:00:00.000Z' } });
        await store.executions.start(stored, INPUT);
        await store.executions.start(unsaved, INPUT);
        expect(await store.executions.get(stored.id)).to.deep.equal(stored);
        expect(await store.executions.get(unsaved.id)).to.deep.equal(unsaved);
        expect((await store.executions.list()).map((e) => [e.workflow.id, e.workflowVersion, e.trigger?.type])).to.have.deep.members([['w', 3, 'scheduled'], ['adhoc', undefined, 'manual']]);
        expect(await store.executions.get('nope')).to.equal(undefined);
      });

      it('reads back steps in order, the finish, and the input exactly as written; a read waits for the writes before it', async () => {
        const r = record('w');
        const input = { yaml: 'name: w\nsteps: []\n', event: { alert: { id: 7, tags: ['a', 'b'], nul: 'x\u0000y' } }, inputs: { n: 1.5, big: 2 ** 53 - 1 } };
        await store.executions.start(r, input);
        const steps = [step('a', { z: 1, a: [1, 2] }), step('b', 'text', { foreachIndex: 2 }), step('c', null, { status: 'failed', error: { type: 'Boom', message: 'no', retryable: true, details: { status: 503 } } })];
        steps.forEach((s, seq) => void store.executions.saveStep(r.id, seq, s));
        const error = { type: 'StepFailed', message: 'step c failed', retryable: false };
        void store.executions.finish(r.id, { status: 'failed', finishedAt: '2026-03-01T10:00:01.000Z', durationMs: 4_000_000_000, error });
        const read = await store.executions.get(r.id);
        expect(read).to.deep.equal({ ...r, status: 'failed', finishedAt: '2026-03-01T10:00:01.000Z', durationMs: 4_000_000_000, error, trigger: { type: 'manual', at: r.startedAt }, steps });
        expect(JSON.stringify(read?.steps[0])).to.equal(JSON.stringify(steps[0]));
        expect(await store.executions.getInput(r.id)).to.deep.equal(input);
        expect(await store.executions.getInput('nope')).to.equal(undefined);
        expect((await store.executions.list())[0]).to.deep.include({ id: r.id, stepCount: 3, status: 'failed' });
      });

      it('keeps no copy of a stored version\'s YAML: an execution of a version reads it from the version', async () => {
        const yaml = 'name: versioned\nsteps: []\n';
        await store.workflows.create('versioned', { yaml, triggers: [], at: new Date().toISOString(), enabled: true });
        const r = record('versioned', { workflowVersion: 1 });
        // The text given is not kept: what comes back is the version's (the engine gives the same text).
        await store.executions.start(r, { yaml: 'name: a copy the store does not keep', event: { n: 1 }, inputs: { level: 2 } });
        await store.executions.checkpoint();
        expect(await store.executions.getInput(r.id)).to.deep.equal({ yaml, event: { n: 1 }, inputs: { level: 2 } });
        const other = await maker.open();
        expect(await other.executions.getInput(r.id), 'as another process reads it').to.deep.equal({ yaml, event: { n: 1 }, inputs: { level: 2 } });
      });

      it('writes a step saved twice before its commit once, in its last state', async () => {
        const r = record('w');
        await store.executions.start(r, INPUT);
        const s = step('a', null);
        s.status = 'running';
        const first = store.executions.saveStep(r.id, 0, s);
        s.status = 'completed';
        s.output = 'done';
        const second = store.executions.saveStep(r.id, 0, s);
        await Promise.all([first, second]);
        expect((await store.executions.get(r.id))?.steps).to.deep.equal([s]);
        await store.executions.saveStep(r.id, 0, { ...s, output: 'again' });
        expect((await store.executions.get(r.id))?.steps.map((x) => x.output)).to.deep.equal(['again']);
      });

      it('reports a step that cannot be recorded and still commits the others; saved again, it is', async () => {
        const reported: string[] = [];
        const reporting = await maker.open({ onWriteError: (m) => reported.push(m) });
        const r = record('w');
        await reporting.executions.start(r, INPUT);
        const outcomes = await Promise.allSettled([
          reporting.executions.saveStep(r.id, 0, step('bad', { n: 10n })),
          reporting.executions.saveStep(r.id, 1, step('good', 'fine')),
        ]);
        expect((await reporting.executions.get(r.id))?.steps.map((x) => x.name)).to.deep.equal(['good']);
        // Reported to the store's error channel or to the caller that saved it: either way once.
        const failures = [...reported, ...outcomes.filter((o) => o.status === 'rejected').map((o) => String((o.reason as Error).message))];
        expect(failures).to.have.length(1);
        expect(failures[0]).to.match(/could not record an execution write: .*BigInt/);
        await reporting.executions.saveStep(r.id, 0, step('bad', 'now fine'));
        expect((await reporting.executions.get(r.id))?.steps.map((x) => x.name)).to.deep.equal(['bad', 'good']);
      });

      it('keeps what was written when the store is opened again', async () => {
        const r = record('w');
        await store.executions.start(r, { yaml: 'name: w', event: { n: 1 }, inputs: {} });
        await store.executions.saveStep(r.id, 0, step('a', 'one'));
        await store.close();
        const again = await maker.open();
        expect((await again.executions.get(r.id))?.steps.map((s) => s.output)).to.deep.equal(['one']);
        expect(await again.executions.getInput(r.id)).to.deep.equal({ yaml: 'name: w', event: { n: 1 }, inputs: {} });
      });
    });

    describe('.list', () => {
      it('lists newest first, by workflow name or id and by status, up to the limit (20 by default)', async () => {
        const made: ExecutionRecord[] = [];
        for (let i = 0; i < 22; i++) {
          const r = record(i % 2 ? 'odd' : 'even', { startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() });
          await store.executions.start(r, INPUT);
          made.push(r);
        }
        await store.executions.finish(made[21].id, { status: 'completed', finishedAt: new Date().toISOString(), durationMs: 5, error: null });
        const newestFirst = [...made].reverse().map((r) => r.id);
        expect((await store.executions.list()).map((e) => e.id)).to.deep.equal(newestFirst.slice(0, 20));
        expect((await store.executions.list({ limit: 3, workflow: 'odd' })).map((e) => e.id)).to.deep.equal([made[21].id, made[19].id, made[17].id]);
        expect((await store.executions.list({ status: 'completed' })).map((e) => [e.id, e.durationMs])).to.deep.equal([[made[21].id, 5]]);
        expect(await store.executions.list({ workflow: 'none' })).to.deep.equal([]);
      });
    });

    describe('.page', () => {
      /** 25 executions of two workflows, a third failed; returns them newest first. */
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
        expect(await store.executions.cancelRequested([])).to.deep.equal([]);
        await store.executions.finish(running.id, { status: 'cancelled', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
        expect((await store.executions.get(running.id))?.status).to.equal('cancelled'); // a read waits for the writes before it
        expect(await store.executions.cancelRequested([running.id])).to.deep.equal([]);
      });

      it('reaches the process that runs the execution through the store (another store on the same data)', async () => {
        const running = record('w');
        await store.executions.start(running, INPUT);
        await store.executions.saveStep(running.id, 0, step('a', null, { status: 'running' }));
        await (store.executions.get(running.id)); // committed: visible to other connections
        const other = await maker.open();
        expect(await other.executions.requestCancel(running.id, new Date().toISOString())).to.equal('requested');
        expect(await store.executions.cancelRequested([running.id])).to.deep.equal([running.id]);
      });
    });

    describe('leases, claims and parks (crash resume)', () => {
      const ownerA = { id: 'host-a/100/aaaa', host: 'host-a', pid: 100 };
      const ownerB = { id: 'host-b/200/bbbb', host: 'host-b', pid: 200 };
      const soon = (ms: number): string => new Date(Date.now() + ms).toISOString();

      it('records who runs an execution and until when; renews that owner\'s leases only; lists running ones oldest first', async () => {
        const a = record('w');
        const b = record('w');
        const done = record('w');
        await store.executions.start(a, INPUT, { owner: ownerA, until: soon(1000) });
        await store.executions.start(b, INPUT, { owner: ownerB, until: soon(1000) });
        await store.executions.start(done, INPUT);
        await store.executions.finish(done.id, { status: 'completed', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
        const renewed = soon(60_000);
        await store.executions.renewLeases(ownerA.id, renewed);
        const running = await store.executions.running();
        expect(running.map((r) => r.id)).to.deep.equal([a.id, b.id]);
        expect(running[0]).to.deep.equal({ id: a.id, startedAt: a.startedAt, owner: ownerA, leaseUntil: renewed });
        expect(running[1].leaseUntil).to.not.equal(renewed);
        expect(await store.executions.running(b.id)).to.deep.equal([running[1]]);
        expect(await store.executions.running(done.id)).to.deep.equal([]);
      });

      it('lets one of two claims win, counting the resume; a park releases the holder until its due time', async () => {
        const r = record('w');
        await store.executions.start(r, INPUT, { owner: ownerA, until: soon(0) });
        const [seen] = await store.executions.running(r.id);
        const at = new Date().toISOString();
        const other = await maker.open();
        const wins = await Promise.all([
          store.executions.claim(seen, { owner: ownerB, until: soon(15_000) }, at),
          other.executions.claim(seen, { owner: { ...ownerB, id: 'host-b/201/cccc', pid: 201 }, until: soon(15_000) }, at),
        ]);
        expect(wins.filter(Boolean)).to.have.length(1);
        const [after] = await store.executions.running(r.id);
        expect(after.owner?.host).to.equal('host-b');
        expect(await store.executions.claim(seen, { owner: ownerA, until: soon(1) }, at), 'a claim on what it no longer is').to.equal(false);
        expect(await store.executions.get(r.id)).to.deep.include({ resumedAt: at, resumes: 1 });

        const due = soon(5000);
        await store.executions.park(r.id, due);
        const [parked] = await store.executions.running(r.id);
        expect(parked).to.deep.equal({ id: r.id, startedAt: r.startedAt, parkedUntil: due });
        expect(await store.executions.claim(parked, { owner: ownerA, until: soon(15_000) }, at)).to.equal(true);
        expect(await store.executions.running(r.id)).to.have.deep.nested.property('[0].owner', ownerA);
        expect((await store.executions.get(r.id))?.resumes).to.equal(2);
      });

      it('reads a running execution whole for a worker (holder, record with its steps, input), and nothing for one that ended', async () => {
        const r = record('w', { workflowVersion: undefined });
        await store.executions.start(r, { yaml: 'name: w', event: { n: 1 }, inputs: { x: 'y' } }, { owner: ownerA, until: soon(15_000) });
        const steps = [step('a', { z: 1 }), step('b', 'text', { foreachIndex: 1 })];
        steps.forEach((s, seq) => void store.executions.saveStep(r.id, seq, s));
        await store.executions.checkpoint();
        const other = await maker.open();
        const whole = await other.executions.runnable(r.id);
        expect(whole?.running).to.deep.equal((await other.executions.running(r.id))[0]);
        expect(whole?.record).to.deep.equal(await other.executions.get(r.id));
        expect(whole?.record.steps).to.deep.equal(steps);
        expect(whole?.input).to.deep.equal({ yaml: 'name: w', event: { n: 1 }, inputs: { x: 'y' } });
        await store.executions.finish(r.id, { status: 'completed', finishedAt: new Date().toISOString(), durationMs: 1, error: null });
        await store.executions.checkpoint();
        expect(await other.executions.runnable(r.id)).to.equal(undefined);
        expect(await other.executions.runnable('nope')).to.equal(undefined);
      });

      it('claims a queued execution (stored with no holder) as its first run, not a resume; a renewed lease is no longer as seen', async () => {
        const r = record('w');
        await store.executions.start(r, INPUT);
        const [queued] = await store.executions.running(r.id);
        expect(queued).to.deep.equal({ id: r.id, startedAt: r.startedAt });
        expect(await store.executions.claim(queued, { owner: ownerA, until: soon(15_000) })).to.equal(true);
        const stored = await store.executions.get(r.id);
        expect(stored).to.not.have.property('resumedAt');
        expect(stored).to.not.have.property('resumes');
        const [held] = await store.executions.running(r.id);
        await store.executions.renewLeases(ownerA.id, soon(60_000));
        expect(await store.executions.claim(held, { owner: ownerB, until: soon(15_000) }, new Date().toISOString()), 'the holder renewed its lease meanwhile').to.equal(false);
      });

      it('commits every write made before a checkpoint', async () => {
        const r = record('w');
        await store.executions.start(r, INPUT);
        void store.executions.saveStep(r.id, 0, step('a', 1));
        await store.executions.checkpoint();
        const other = await maker.open();
        expect((await other.executions.get(r.id))?.steps).to.have.length(1);
      });
    });
  });
}
