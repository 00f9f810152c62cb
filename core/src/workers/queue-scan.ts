import { FIRST_ROUND } from '../contracts/execution-queue';
import type { Logger } from '../contracts/logger';
import type { ExecutionStore, RunningExecution } from '../contracts/store';
import { Periodic } from '../lifecycle/periodic';
import { heldByLiveProcess } from '../workflow/resume/execution-holder';

/** How often the store is asked for executions that need a round. */
export const SCAN_MS = 1_000;
/** A stored execution no worker claimed for this long may have missed its first enqueue. */
const UNCLAIMED_MS = 10_000;
/** How often one unclaimed execution's first round is looked at again. */
const UNCLAIMED_RECHECK_MS = 30_000;
/** DBOS states of a round that ended: a still-unclaimed execution then needs a new one. */
const ENDED = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED']);

/** The queue as the scan uses it. */
export interface RoundQueue {
  enqueue(executionId: string, round: string): Promise<void>;
  roundStatus(executionId: string, round: string): Promise<string | undefined>;
}

/**
 * Enqueues what became due (contract §12), in every process on a PostgreSQL store: executions
 * whose process died (a round named by the dead lease), parked ones whose timer is due (named by
 * the due time), and stored ones no worker ever claimed (the enqueuer died before enqueuing).
 * Rounds are named by what made them due, so scans in many processes enqueue each once.
 */
export class QueueScan {
  private readonly periodic: Periodic;
  /** Rounds this process enqueued, while their execution runs: not asked for again. */
  private readonly enqueued = new Set<string>();
  private readonly checkedUnclaimed = new Map<string, number>();

  constructor(private readonly executions: ExecutionStore, private readonly queue: RoundQueue, private readonly logger: Logger, scanMs = SCAN_MS) {
    this.periodic = new Periodic(() => this.scan(), scanMs);
  }

  start(): Promise<void> {
    return this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async scan(): Promise<void> {
    let running: RunningExecution[];
    try {
      running = await this.executions.running();
    } catch (err) {
      this.logger.warn('could not look for executions to enqueue', { error: (err as Error)?.message });
      return;
    }
    this.forgetEnded(running);
    const now = Date.now();
    for (const execution of running) {
      try {
        const round = await this.dueRound(execution, now);
        if (round === undefined || this.enqueued.has(`${execution.id}/${round}`)) continue;
        await this.queue.enqueue(execution.id, round);
        this.enqueued.add(`${execution.id}/${round}`);
        this.logger.info('enqueued an execution', { executionId: execution.id, round });
      } catch (err) {
        this.logger.warn('could not enqueue an execution', { executionId: execution.id, error: (err as Error)?.message });
      }
    }
  }

  /** The round an execution needs now, if any. */
  private async dueRound(execution: RunningExecution, now: number): Promise<string | undefined> {
    const { parkedUntil, owner, leaseUntil } = execution;
    if (parkedUntil !== undefined) return Date.parse(parkedUntil) <= now ? `due-${parkedUntil}` : undefined;
    if (owner) return heldByLiveProcess(execution, undefined, now) ? undefined : `lost-${owner.id}-${leaseUntil ?? ''}`;
    if (now - Date.parse(execution.startedAt) < UNCLAIMED_MS) return undefined;
    const checked = this.checkedUnclaimed.get(execution.id);
    if (checked !== undefined && now - checked < UNCLAIMED_RECHECK_MS) return undefined;
    this.checkedUnclaimed.set(execution.id, now);
    const first = await this.queue.roundStatus(execution.id, FIRST_ROUND);
    if (first === undefined) return FIRST_ROUND;
    // Its round ended and still nobody holds it: again, once a minute at most over every process.
    return ENDED.has(first) ? `again-${Math.floor(now / 60_000)}` : undefined;
  }

  private forgetEnded(running: RunningExecution[]): void {
    const ids = new Set(running.map((execution) => execution.id));
    for (const key of this.enqueued) if (!ids.has(key.slice(0, key.indexOf('/')))) this.enqueued.delete(key);
    for (const id of this.checkedUnclaimed.keys()) if (!ids.has(id)) this.checkedUnclaimed.delete(id);
  }
}
