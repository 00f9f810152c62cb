import { expect } from 'chai';
import type { CompiledTrigger } from '../contracts/compiled-workflow';
import type { Logger } from '../contracts/logger';
import type { TriggerStore } from '../contracts/trigger-store';
import type { StartOptions, StoredWorkflow } from '../contracts/workflow-library';
import { Scheduler, type SchedulerClock } from './scheduler';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const MINUTE = 60_000;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** A clock whose time moves only when the test says; timers fire in time order. */
class TestClock implements SchedulerClock {
  private timers: Array<{ at: number; fire: () => void; id: number }> = [];
  private ids = 0;
  constructor(public time: number) {}
  now(): number { return this.time; }
  setTimer(fire: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, fire, id });
    return id;
  }
  clearTimer(timer: unknown): void { this.timers = this.timers.filter((t) => t.id !== timer); }
  /** Moves time to `until`, firing due timers one by one (letting their async work settle). */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fire();
    }
    this.time = until;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Claims kept in memory, shared by the schedulers of one test like a store file. */
class MemoryTriggers implements TriggerStore {
  readonly claims = new Map<string, Set<string>>();
  async claim(workflowId: string, key: string, slot: string): Promise<boolean> {
    const id = `${workflowId}/${key}`;
    const slots = this.claims.get(id) ?? new Set<string>();
    this.claims.set(id, slots);
    if (slots.has(slot)) return false;
    slots.add(slot);
    return true;
  }
  async lastClaimed(workflowId: string, key: string): Promise<string | undefined> {
    return [...(this.claims.get(`${workflowId}/${key}`) ?? [])].sort().pop();
  }
}

function workflow(id: string, triggers: CompiledTrigger[], updatedAt = new Date(T0).toISOString(), enabled = true): StoredWorkflow {
  return { id, name: id, version: 1, enabled, triggers, createdAt: updatedAt, updatedAt };
}

function setup(workflows: StoredWorkflow[], clock: TestClock, triggers = new MemoryTriggers()) {
  const started: Array<{ id: string; at?: string }> = [];
  const library = {
    list: async () => workflows,
    start: async (id: string, options?: StartOptions) => {
      started.push({ id, at: options?.trigger?.at });
      return { id: `exec-${started.length}`, finished: new Promise<never>(() => undefined) };
    },
  };
  const scheduler = new Scheduler({ workflows: library, triggers, logger: quiet, clock, pollMs: 30_000 });
  return { scheduler, started, triggers };
}

const iso = (ms: number): string => new Date(ms).toISOString();

describe('Scheduler', () => {
  it('fires an every trigger one interval after the workflow was stored, then each interval', async () => {
    const clock = new TestClock(T0 + 30_000);
    const { scheduler, started } = setup([workflow('tick', [{ type: 'scheduled', everyMs: MINUTE }])], clock);
    await scheduler.start();
    expect(started).to.deep.equal([]);
    await clock.advanceTo(T0 + 3 * MINUTE + 1);
    expect(started).to.deep.equal([1, 2, 3].map((n) => ({ id: 'tick', at: iso(T0 + n * MINUTE) })));
    await scheduler.stop();
  });

  it('runs the fires missed while no server ran once, for the latest missed slot', async () => {
    const clock = new TestClock(T0 + 10 * MINUTE + 30_000);
    const triggers = new MemoryTriggers();
    await triggers.claim('tick', 'scheduled:0', iso(T0 + MINUTE));
    const { scheduler, started } = setup([workflow('tick', [{ type: 'scheduled', everyMs: MINUTE }])], clock, triggers);
    await scheduler.start();
    expect(started).to.deep.equal([{ id: 'tick', at: iso(T0 + 10 * MINUTE) }]);
    await clock.advanceTo(T0 + 11 * MINUTE);
    expect(started.map((s) => s.at)).to.deep.equal([iso(T0 + 10 * MINUTE), iso(T0 + 11 * MINUTE)]);
    await scheduler.stop();
  });

  it('never fires a slot twice: not across a restart, not with two schedulers on one store', async () => {
    const clock = new TestClock(T0);
    const triggers = new MemoryTriggers();
    const wf = [workflow('tick', [{ type: 'scheduled', everyMs: MINUTE }])];
    const one = setup(wf, clock, triggers);
    const two = setup(wf, clock, triggers);
    await one.scheduler.start();
    await two.scheduler.start();
    await clock.advanceTo(T0 + 2 * MINUTE);
    expect([...one.started, ...two.started].map((s) => s.at).sort()).to.deep.equal([iso(T0 + MINUTE), iso(T0 + 2 * MINUTE)]);
    await one.scheduler.stop();
    await two.scheduler.stop();
    const again = setup(wf, clock, triggers);
    await again.scheduler.start();
    expect(again.started).to.deep.equal([]);
    await again.scheduler.stop();
  });

  it('fires an rrule in its time zone, across a daylight-saving change', async () => {
    const clock = new TestClock(Date.parse('2026-03-27T12:00:00Z'));
    const rule: CompiledTrigger = { type: 'scheduled', rrule: { freq: 'DAILY', interval: 1, tzid: 'Europe/Berlin', byhour: [9], byminute: [0] } };
    const { scheduler, started } = setup([workflow('daily', [rule], '2026-03-27T11:00:00.000Z')], clock);
    await scheduler.start();
    await clock.advanceTo(Date.parse('2026-03-30T12:00:00Z'));
    // 09:00 in Berlin: CET (UTC+1) until Sunday 29 March 2026, then CEST (UTC+2).
    expect(started.map((s) => s.at)).to.deep.equal(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    await scheduler.stop();
  });

  it('follows the stored workflows: a disabled or deleted one stops firing, one deployed later starts', async () => {
    const clock = new TestClock(T0);
    const workflows = [workflow('a', [{ type: 'manual' }, { type: 'scheduled', everyMs: MINUTE }])];
    const { scheduler, started } = setup(workflows, clock);
    await scheduler.start();
    await clock.advanceTo(T0 + MINUTE);
    expect(started.map((s) => s.id)).to.deep.equal(['a']);
    workflows[0] = { ...workflows[0], enabled: false, updatedAt: iso(T0 + MINUTE + 1) };
    workflows.push(workflow('b', [{ type: 'scheduled', everyMs: MINUTE }], iso(T0 + MINUTE)));
    await clock.advanceTo(T0 + 3 * MINUTE);
    expect(started.map((s) => `${s.id} ${s.at}`)).to.deep.equal([
      `a ${iso(T0 + MINUTE)}`, `b ${iso(T0 + 2 * MINUTE)}`, `b ${iso(T0 + 3 * MINUTE)}`,
    ]);
    workflows.splice(0);
    await clock.advanceTo(T0 + 6 * MINUTE);
    expect(started).to.have.length(3);
    await scheduler.stop();
  });
});
