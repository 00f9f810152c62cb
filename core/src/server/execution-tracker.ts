import type { StartedExecution } from '../contracts/workflow-library';

/**
 * The executions this server started (routes and trigger sources), so that shutdown can wait
 * for them within `server.shutdownGrace`.
 */
export class ExecutionTracker {
  private readonly running = new Set<Promise<unknown>>();

  /** Follows an execution until it ends; returns it unchanged. */
  track<T extends Pick<StartedExecution, 'finished'> | { finished: Promise<unknown> }>(started: T): T {
    const end: Promise<unknown> = started.finished.then(
      () => this.running.delete(end),
      () => this.running.delete(end),
    );
    this.running.add(end);
    return started;
  }

  /** How many are still running. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Waits until every tracked execution ended (those started meanwhile included), or `ms` passed.
   * @returns true when none is left running
   */
  async drain(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.running.size) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((resolve) => { timer = setTimeout(resolve, left); }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }
}
