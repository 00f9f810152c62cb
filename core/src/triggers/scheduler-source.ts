import type { TriggerContext, TriggerSource } from '../contracts/trigger-source';
import type { TriggerStore } from '../contracts/trigger-store';
import type { WorkflowLibrary } from '../contracts/workflow-library';
import { Scheduler, type SchedulerClock } from './scheduler';

/**
 * The `scheduled` triggers as a trigger source of `relayflow serve`: a {@link Scheduler} over the
 * stored workflows, starting executions through the server (which waits for them on shutdown).
 */
export class SchedulerSource implements TriggerSource {
  readonly name = 'schedule';
  private scheduler?: Scheduler;

  constructor(
    private readonly workflows: Pick<WorkflowLibrary, 'list'>,
    private readonly triggers: TriggerStore,
    private readonly options: { clock?: SchedulerClock; pollMs?: number } = {},
  ) {}

  async start(context: TriggerContext): Promise<void> {
    this.scheduler = new Scheduler({
      workflows: { list: () => this.workflows.list(), start: (id, options) => context.start(id, options ?? {}) },
      triggers: this.triggers,
      logger: context.logger,
      ...this.options,
    });
    await this.scheduler.start();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
    this.scheduler = undefined;
  }
}
