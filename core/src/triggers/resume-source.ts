import type { ExecutionRecord } from '../contracts/execution-record';
import type { TriggerContext, TriggerSource } from '../contracts/trigger-source';
import { RelayflowError } from '../errors/relayflow-error';
import { Periodic } from '../lifecycle/periodic';

/** How often the store is asked for executions to resume (cheap: the running ones, by index). */
export const RESUME_SCAN_MS = 1_000;

/** Where the source finds what to resume: the facade's `resumable`. */
export interface ResumableExecutions {
  resumable(): Promise<string[]>;
}

/**
 * Resumes executions on its own, as a trigger source of `relayflow serve` (contract §12): at
 * start those a crash interrupted, then every second those whose process died since and those
 * parked on a durable timer that are due. Each resume goes through the server, which tracks it.
 */
export class ResumeSource implements TriggerSource {
  readonly name = 'resume';
  private periodic?: Periodic;
  /** Resumes under way here: a scan does not start one twice. */
  private readonly resuming = new Set<string>();

  /**
   * @param resume - how one is resumed; default the server's (`context.resume`, on this thread).
   *   `relayflow serve` with execution threads hands it to a thread.
   */
  constructor(
    private readonly executions: ResumableExecutions,
    private readonly scanMs = RESUME_SCAN_MS,
    private readonly resume?: (executionId: string) => Promise<ExecutionRecord>,
  ) {}

  async start(context: TriggerContext): Promise<void> {
    this.periodic = new Periodic(() => this.scan(context), this.scanMs);
    await this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic?.stop();
  }

  private async scan(context: TriggerContext): Promise<void> {
    let ids: string[];
    try {
      ids = await this.executions.resumable();
    } catch (err) {
      context.logger.warn('could not look for executions to resume', { error: (err as Error)?.message });
      return;
    }
    for (const id of ids) {
      if (this.resuming.has(id)) continue;
      this.resuming.add(id);
      context.logger.info('resuming an execution', { executionId: id });
      (this.resume ? this.resume(id) : context.resume(id))
        .then((record) => context.logger.info('resumed execution ended', { executionId: id, status: record.status }))
        .catch((err: unknown) => {
          // Another process took it first, or the server is stopping: nothing to do here.
          const level = RelayflowError.is(err) && (err.code === 'EXECUTION_NOT_RESUMABLE' || err.code === 'SHUTTING_DOWN') ? 'debug' : 'error';
          context.logger[level]('could not resume an execution', { executionId: id, error: (err as Error)?.message });
        })
        .finally(() => this.resuming.delete(id));
    }
  }
}
