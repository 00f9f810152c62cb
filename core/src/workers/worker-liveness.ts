import type { Logger } from '../contracts/logger';
import type { ExecutionOwner, WorkerStore } from '../contracts/store';
import { Periodic } from '../lifecycle/periodic';
import { processExists } from '../workflow/resume/execution-holder';
import { recoverExecutor } from './dbos-internals';

/** How often a worker says it is alive. */
export const HEARTBEAT_MS = 5_000;
/** A worker not heard from for this long is dead (three heartbeats missed). */
export const SILENT_MS = 15_000;

/**
 * This worker's heartbeat, and the check for dead peers (contract §12: "when a worker dies,
 * another one resumes its executions within 30 s"). A peer is dead when its row was not renewed
 * for 15 s or, on this host, its pid is gone; one live worker wins its row and hands the queue
 * rounds it had taken back to the queue (DBOS recovery for its executor id). Its executions are
 * resumed by the queue scan, from their leases.
 */
export class WorkerLiveness {
  private readonly periodic = new Periodic(() => this.beat(), HEARTBEAT_MS);

  constructor(
    private readonly workers: WorkerStore,
    private readonly self: ExecutionOwner & { concurrency: number },
    private readonly logger: Logger,
  ) {}

  /** The first heartbeat (a failure is the caller's), then one every few seconds. */
  async start(): Promise<void> {
    await this.workers.heartbeat(this.self);
    await this.periodic.start(false);
  }

  /** Stops beating and removes this worker's row: a clean stop leaves nothing to recover. */
  async stop(): Promise<void> {
    await this.periodic.stop();
    await this.workers.remove(this.self.id).catch((err: unknown) => this.logger.debug('could not remove the worker row', { error: (err as Error)?.message }));
  }

  private async beat(): Promise<void> {
    try {
      await this.workers.heartbeat(this.self);
      for (const peer of await this.workers.list()) {
        if (peer.id === this.self.id) continue;
        const gone = peer.silentMs > SILENT_MS || (peer.host === this.self.host && peer.pid !== this.self.pid && !processExists(peer.pid));
        if (!gone || !(await this.workers.remove(peer.id, peer.seenAt))) continue;
        const recovered = await recoverExecutor(peer.id);
        this.logger.warn('a worker stopped without a goodbye; its queue work goes back to the queue', { worker: { host: peer.host, pid: peer.pid }, recovered });
      }
    } catch (err) {
      this.logger.warn('could not renew this worker\'s heartbeat or check its peers', { error: (err as Error)?.message });
    }
  }
}
