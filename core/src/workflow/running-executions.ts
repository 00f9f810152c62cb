import type { ExecutionRecord } from '../contracts/execution-record';
import type { Logger } from '../contracts/logger';
import type { ExecutionOwner, ExecutionStore } from '../contracts/store';
import { LEASE_MS, type ExecutionRun } from './engine/execution-run';
import { RUN_HERE } from './resume/execution-holder';

/** How often, while executions run here, the store is asked whether another process wants one cancelled. */
export const CANCEL_POLL_MS = 1000;
/** Leases are renewed every this many polls (a third of the lease). */
const RENEW_EVERY = Math.floor(LEASE_MS / 3 / CANCEL_POLL_MS);

/**
 * The executions this process runs: for cancel, for cancel requests other processes make through
 * the store (`relayflow executions cancel`), and for renewing the leases that tell other processes
 * these executions are alive (contract §12). One timer, only while something runs.
 */
export class RunningExecutions {
  private readonly runs = new Map<string, ExecutionRun>();
  private poll?: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly store: ExecutionStore,
    private readonly owner: ExecutionOwner,
    private readonly logger: Logger,
  ) {}

  /** Runs an execution to its end (or its park), known to {@link cancel} meanwhile. */
  async track(run: ExecutionRun): Promise<ExecutionRecord> {
    this.runs.set(run.record.id, run);
    RUN_HERE.set(run.record.id, undefined);
    this.watch();
    try {
      return await run.execute();
    } finally {
      this.runs.delete(run.record.id);
      RUN_HERE.delete(run.record.id);
      if (this.runs.size === 0 && this.poll) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    }
  }

  /**
   * Cancels an execution this thread runs, or one it handed to an execution thread of this process.
   * @returns false when no such execution runs here
   */
  cancel(id: string): boolean {
    const run = this.runs.get(id);
    const cancel = run ? () => run.cancel() : RUN_HERE.get(id);
    cancel?.();
    return cancel !== undefined;
  }

  private watch(): void {
    if (this.poll) return;
    this.poll = setInterval(() => void this.tick(), CANCEL_POLL_MS);
    this.poll.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (++this.ticks % RENEW_EVERY === 0) {
        await this.store.renewLeases(this.owner.id, new Date(Date.now() + LEASE_MS).toISOString());
      }
      for (const id of await this.store.cancelRequested([...this.runs.keys()])) {
        this.logger.info('cancelling an execution at the request of another process', { executionId: id });
        this.cancel(id);
      }
    } catch (err) {
      this.logger.debug('could not renew leases or check for cancel requests', { error: (err as Error)?.message });
    }
  }
}
