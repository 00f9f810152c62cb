import type { Logger } from '../contracts/logger';
import type { TriggerStore } from '../contracts/trigger-store';
import type { StoredWorkflow, WorkflowLibrary } from '../contracts/workflow-library';
import { timerMs } from '../validation/units';
import { scheduleSlots, type ScheduledTrigger, type ScheduleSlots } from './schedule-slots';

/** Time as the scheduler sees it: the real clock, or a test's. */
export interface SchedulerClock {
  now(): number;
  setTimer(fire: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const SYSTEM_CLOCK: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (fire, ms) => setTimeout(fire, ms),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/** What the scheduler needs. */
export interface SchedulerOptions {
  workflows: Pick<WorkflowLibrary, 'list' | 'start'>;
  triggers: TriggerStore;
  logger: Logger;
  clock?: SchedulerClock;
  /** How often stored workflows are re-read, to see ones deployed, enabled or removed by another process (default 2 s). */
  pollMs?: number;
}

/** One scheduled trigger of one stored workflow. */
interface Schedule {
  workflowId: string;
  key: string;
  /** What the schedule was built from; a change rebuilds it. */
  signature: string;
  slots: ScheduleSlots;
  /** The latest slot fired (or found already fired), ms. */
  firedMs?: number;
  timer?: unknown;
}

/**
 * Fires the `scheduled` triggers of enabled stored workflows (contract §9): each slot is claimed
 * in the store before it runs, so a slot fires once, also across restarts and several servers;
 * a slot missed while no server ran fires once, at start (the latest missed one). Stored
 * workflows are re-read every `pollMs`, so deploys, enables and deletes by the CLI or another
 * server are picked up.
 */
export class Scheduler {
  private readonly schedules = new Map<string, Schedule>();
  private readonly clock: SchedulerClock;
  private poller?: unknown;
  private stopped = false;
  private reconciling?: Promise<void>;
  /** Fires under way (claimed, starting): stop waits for them, so a claimed slot is never dropped. */
  private readonly firing = new Set<Promise<void>>();

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Reads the stored workflows, fires what was missed, and arms the timers. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.reconcile();
    this.armPoller();
  }

  /** Disarms every timer; executions already started keep running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller !== undefined) this.clock.clearTimer(this.poller);
    this.poller = undefined;
    await this.reconciling;
    for (const schedule of this.schedules.values()) this.disarm(schedule);
    this.schedules.clear();
    await Promise.all([...this.firing]);
  }

  /** Re-reads the stored workflows now (also called every `pollMs`). */
  reconcile(): Promise<void> {
    this.reconciling ??= this.readWorkflows().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private armPoller(): void {
    if (this.stopped) return;
    this.poller = this.clock.setTimer(() => {
      void this.reconcile().catch((err: unknown) => this.options.logger.error('could not read the stored workflows for their schedules', { error: (err as Error)?.message }))
        .finally(() => this.armPoller());
    }, this.options.pollMs ?? 2000);
  }

  private async readWorkflows(): Promise<void> {
    const seen = new Set<string>();
    for (const workflow of await this.options.workflows.list()) {
      if (!workflow.enabled) continue;
      for (const [index, trigger] of workflow.triggers.entries()) {
        if (trigger.type !== 'scheduled') continue;
        const key = `scheduled:${index}`;
        const id = `${workflow.id}\u0000${key}`;
        seen.add(id);
        const signature = `${workflow.version}|${workflow.updatedAt}`;
        const existing = this.schedules.get(id);
        if (existing?.signature === signature) continue;
        if (existing) this.disarm(existing);
        const schedule: Schedule = { workflowId: workflow.id, key, signature, slots: slotsOf(workflow, trigger) };
        this.schedules.set(id, schedule);
        await this.catchUp(schedule);
      }
    }
    for (const [id, schedule] of this.schedules) {
      if (seen.has(id)) continue;
      this.disarm(schedule);
      this.schedules.delete(id);
    }
  }

  /** A new schedule: fires the latest slot missed since the last fire (once), then arms the next. */
  private async catchUp(schedule: Schedule): Promise<void> {
    const last = await this.options.triggers.lastClaimed(schedule.workflowId, schedule.key);
    schedule.firedMs = last === undefined ? undefined : Date.parse(last);
    const missed = schedule.slots.latest(this.clock.now());
    if (missed !== undefined && (schedule.firedMs === undefined || missed > schedule.firedMs)) await this.fire(schedule, missed);
    this.arm(schedule);
  }

  private arm(schedule: Schedule): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const next = schedule.slots.next(Math.max(now, schedule.firedMs ?? -Infinity));
    if (next === undefined) return;
    schedule.timer = this.clock.setTimer(() => {
      schedule.timer = undefined;
      // A long wait is cut into timer-sized pieces: fire only when the slot has come.
      const ready = this.clock.now() >= next ? this.fire(schedule, next) : Promise.resolve();
      void ready.finally(() => this.arm(schedule));
    }, timerMs(Math.max(0, next - now)));
  }

  private disarm(schedule: Schedule): void {
    if (schedule.timer !== undefined) this.clock.clearTimer(schedule.timer);
    schedule.timer = undefined;
  }

  /** Claims the slot, then starts the execution; a slot claimed before is not run again. */
  private fire(schedule: Schedule, slotMs: number): Promise<void> {
    const firing = this.claimAndStart(schedule, slotMs).finally(() => this.firing.delete(firing));
    this.firing.add(firing);
    return firing;
  }

  private async claimAndStart(schedule: Schedule, slotMs: number): Promise<void> {
    const at = new Date(slotMs).toISOString();
    schedule.firedMs = Math.max(schedule.firedMs ?? -Infinity, slotMs);
    const log = this.options.logger;
    try {
      if (!(await this.options.triggers.claim(schedule.workflowId, schedule.key, at))) {
        log.debug('schedule slot already fired', { workflow: schedule.workflowId, trigger: schedule.key, at });
        return;
      }
      const { id } = await this.options.workflows.start(schedule.workflowId, { trigger: { type: 'scheduled', at } });
      log.info('schedule fired', { workflow: schedule.workflowId, trigger: schedule.key, at, executionId: id });
    } catch (err) {
      log.error('a scheduled execution could not start', { workflow: schedule.workflowId, trigger: schedule.key, at, error: (err as Error)?.message });
    }
  }
}

function slotsOf(workflow: StoredWorkflow, trigger: ScheduledTrigger): ScheduleSlots {
  return scheduleSlots(trigger, Date.parse(workflow.updatedAt));
}
