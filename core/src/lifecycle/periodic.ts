/**
 * A task run every `ms` (a scan, a heartbeat), never two runs at once: a run still under way when
 * the next is due skips that turn. The timer does not keep the process alive.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  /** @param task - must not reject: it reports its own failures */
  constructor(private readonly task: () => Promise<void>, private readonly ms: number) {}

  /** Runs the task once now (awaited, unless `now` is false), then every `ms`. */
  async start(now = true): Promise<void> {
    if (now) await this.task();
    this.timer = setInterval(() => {
      this.running ??= this.task().finally(() => { this.running = undefined; });
    }, this.ms);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
