import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { threadEntry } from '../../files/thread-entry';
import type { CheckpointReply, CheckpointRequest } from './checkpoint-worker';

/** At most one checkpoint this often while records are written. */
export const CHECKPOINT_EVERY_MS = 200;
/**
 * The thread starts once the WAL holds this much (about SQLite's own automatic checkpoint point,
 * 1000 pages): a short-lived process (`relayflow run`) never pays for starting it, and closing
 * the store (the last connection) checkpoints the little there is.
 */
export const START_AT_WAL_BYTES = 4 * 1024 * 1024;

/**
 * Checkpoints the store's WAL from a thread with its own connection. The connection that commits
 * the records has SQLite's automatic checkpoints turned off, so a commit costs no fsync and never
 * holds the event loop (an automatic checkpoint every ~1000 pages took 30-60 ms there); this
 * thread, started once the WAL holds {@link START_AT_WAL_BYTES}, copies the WAL into the file at
 * most every {@link CHECKPOINT_EVERY_MS} while writes happen. It keeps the process alive only while a checkpoint runs. Should it die (or not start),
 * `fallBack` is called once so that the committing connection checkpoints for itself again.
 */
export class WalCheckpointer {
  private worker?: Worker;
  private running = false;
  private last = 0;
  private count = 0;
  private failed = false;
  private closing = false;
  private idle: Array<() => void> = [];
  private timer?: NodeJS.Timeout;

  /**
   * @param startAtWalBytes - WAL size at which the thread is started (default {@link START_AT_WAL_BYTES})
   */
  constructor(
    private readonly file: string,
    private readonly report: (message: string) => void,
    private readonly fallBack: () => void,
    private readonly startAtWalBytes = START_AT_WAL_BYTES,
  ) {}

  /** Records were committed: checkpoint soon, unless one runs or ran within the interval. */
  wrote(): void {
    if (this.failed || this.closing || this.running) return;
    const now = Date.now();
    if (now - this.last < CHECKPOINT_EVERY_MS) {
      this.schedule(CHECKPOINT_EVERY_MS - (now - this.last));
      return;
    }
    if (!this.worker && this.walBytes() < this.startAtWalBytes) {
      // Looked at again with the next commit after the interval.
      this.last = now;
      return;
    }
    this.run();
  }

  /** Waits for a checkpoint under way, then lets go of the file. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    if (this.running) await new Promise<void>((resolve) => this.idle.push(resolve));
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage({ close: true } satisfies CheckpointRequest);
    await exited;
  }

  private walBytes(): number {
    try {
      return statSync(`${this.file}-wal`).size;
    } catch {
      return 0;
    }
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wrote();
    }, ms);
    this.timer.unref();
  }

  private run(): void {
    const worker = this.worker ?? this.start();
    if (!worker) return;
    this.running = true;
    this.last = Date.now();
    worker.ref();
    worker.postMessage({ checkpoint: ++this.count } satisfies CheckpointRequest);
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      const entry = threadEntry(__dirname, __filename, 'checkpoint-worker');
      worker = new Worker(entry.path, { ...entry.options, workerData: { file: this.file } });
    } catch (err) {
      this.fail(`it could not start: ${(err as Error).message}`);
      return undefined;
    }
    worker.on('message', (reply: CheckpointReply) => this.done(reply));
    worker.on('error', (err) => this.fail(err.message));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(`it exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  private done(reply: CheckpointReply): void {
    this.running = false;
    this.worker?.unref();
    if (reply.failure) this.report(`the store's WAL checkpoint failed: ${reply.failure}`);
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private fail(why: string): void {
    this.worker = undefined;
    this.running = false;
    for (const resolve of this.idle.splice(0)) resolve();
    if (this.failed) return;
    this.failed = true;
    this.report(`the store's checkpoint thread stopped (${why}); checkpointing on the main thread instead`);
    this.fallBack();
  }
}
