import Database from 'better-sqlite3';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { configureConnection, ExecutionWriteApplier, type ExecutionWrite } from './execution-writes';
import type { WriterReply, WriterRequest } from './write-worker';

/** Commits batches of execution writes, in the order they are handed over. */
export interface ExecutionWriter {
  /** Hands a batch over; it is committed soon after, after every batch handed over before it. */
  write(writes: ExecutionWrite[]): void;
  /** Resolves once every batch handed over so far is committed (or reported as failed). */
  settled(): Promise<void>;
  /** Commits what is left and lets go of the file. */
  close(): Promise<void>;
}

/** Writes on the caller's thread, through the caller's connection (an in-memory store). */
export class InlineExecutionWriter implements ExecutionWriter {
  private readonly applier: ExecutionWriteApplier;

  constructor(db: Database.Database, private readonly report: (message: string) => void) {
    this.applier = new ExecutionWriteApplier(db);
  }

  write(writes: ExecutionWrite[]): void {
    for (const failure of this.applier.apply(writes)) this.report(failure);
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * Writes from a worker thread with its own connection to the file, so the inserts, commits and
 * WAL checkpoints (an fsync every ~1000 pages) never hold up the event loop that runs steps.
 * The thread keeps the process alive only while it has batches to commit. Should it die (or not
 * start), the batches it had not committed are written on this thread, and so is everything after.
 */
export class WorkerExecutionWriter implements ExecutionWriter {
  private worker?: Worker;
  private lastBatch = 0;
  private readonly inFlight = new Map<number, ExecutionWrite[]>();
  private waiters: Array<{ batch: number; resolve: () => void }> = [];
  private fallback?: { db: Database.Database; applier: ExecutionWriteApplier };
  private closing = false;
  /** The worker is gone: everything is written on this thread. */
  private takenOver = false;

  constructor(private readonly file: string, private readonly report: (message: string) => void) {}

  write(writes: ExecutionWrite[]): void {
    if (this.takenOver || this.closing) {
      this.applyHere(writes);
      return;
    }
    const batch = ++this.lastBatch;
    this.inFlight.set(batch, writes);
    const worker = this.worker ?? this.start();
    if (!worker) return; // taken over: already written here
    worker.postMessage({ batch, writes } satisfies WriterRequest);
    worker.ref();
  }

  settled(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ batch: this.lastBatch, resolve }));
  }

  async close(): Promise<void> {
    await this.settled();
    this.closing = true;
    const worker = this.worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref(); // the process waits for the file to be closed
      worker.postMessage({ close: true } satisfies WriterRequest);
      await exited;
    }
    this.fallback?.db.close();
    this.fallback = undefined;
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = new Worker(join(__dirname, `write-worker${extname(__filename)}`), { workerData: { file: this.file }, execArgv: workerExecArgv() });
    } catch (err) {
      this.takeOver(`it could not start: ${(err as Error).message}`);
      return undefined;
    }
    worker.on('message', (reply: WriterReply) => this.committed(reply));
    worker.on('error', (err) => this.takeOver(err.message));
    worker.on('exit', (code) => this.takeOver(`it exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private committed({ batch, failures }: WriterReply): void {
    this.inFlight.delete(batch);
    for (const failure of failures) this.report(failure);
    this.release(batch);
    if (this.inFlight.size === 0) this.worker?.unref();
  }

  private release(upTo: number): void {
    const ready = this.waiters.filter((w) => w.batch <= upTo);
    this.waiters = this.waiters.filter((w) => w.batch > upTo);
    for (const waiter of ready) waiter.resolve();
  }

  /**
   * The worker is gone (or never started): commit what it had not, on this thread, and go on
   * here. A batch it committed without telling us yet is applied twice, which changes nothing.
   */
  private takeOver(why: string): void {
    this.worker = undefined;
    if (this.closing && this.inFlight.size === 0) return; // the normal end
    if (!this.takenOver) this.report(`the store's writer thread stopped (${why}); writing on the main thread instead`);
    this.takenOver = true;
    const batches = [...this.inFlight.entries()].sort(([a], [b]) => a - b);
    this.inFlight.clear();
    for (const [, writes] of batches) this.applyHere(writes);
    this.release(this.lastBatch);
  }

  /** Writes a batch on this thread, opening a connection the first time. */
  private applyHere(writes: ExecutionWrite[]): void {
    if (!this.fallback) {
      try {
        const db = new Database(this.file);
        configureConnection(db);
        this.fallback = { db, applier: new ExecutionWriteApplier(db) };
      } catch (err) {
        this.report(`could not record ${writes.length} execution writes: the store cannot be opened (${(err as Error).message})`);
        return;
      }
    }
    for (const failure of this.fallback.applier.apply(writes)) this.report(failure);
  }
}

/** From sources (tests, `--conditions=relayflow-src`) the worker is TypeScript too: load it through tsx. */
function workerExecArgv(): string[] | undefined {
  if (extname(__filename) !== '.ts') return undefined;
  const conditions = process.execArgv.filter((arg) => arg.startsWith('--conditions') || arg.startsWith('-C'));
  return [...conditions, '--require', require.resolve('tsx/cjs')];
}
