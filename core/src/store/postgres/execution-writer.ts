import type { PoolClient } from 'pg';
import { RelayflowError } from '../../errors/relayflow-error';
import { isConnectionError } from './connection-errors';
import { applyWrites, type ExecutionWrite } from './execution-writes';

/** Makes a write's data when its batch is taken (so a step is serialised in its latest state). */
export type PendingWrite = () => ExecutionWrite;

/** How many writes one commit takes at most. */
const MAX_BATCH = 1000;
/** How long a batch is tried again while the server cannot be reached (restarting, failing over). */
const RETRY_FOR_MS = 30_000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2_000;

interface Waiting {
  make: PendingWrite;
  resolve(): void;
  reject(err: Error): void;
}

/** What the writer needs from the store. */
export interface ExecutionWriterOptions {
  /** A connection from the store's pool. */
  connect(): Promise<PoolClient>;
  /** Told when writes wait for the server to come back. */
  warn(message: string): void;
}

/**
 * Group commit for execution writes: a write's promise resolves once a transaction holding it is
 * committed, so a caller that awaits a completed step's write knows it survives a crash. Writes
 * made while a commit is under way wait for it and are committed together in the next one: one
 * execution pays a round trip per write, many executions share them. A batch the database refuses
 * is split up, so one bad write fails alone; while the server cannot be reached a batch is tried
 * again for up to {@link RETRY_FOR_MS}.
 */
export class ExecutionWriter {
  private waiting: Waiting[] = [];
  private committing?: Promise<void>;
  /** Settles after every write handed over so far. */
  private last: Promise<void> = Promise.resolve();
  private closed = false;
  /** Transactions sent (committed or not): how well writes are batched. */
  transactions = 0;

  constructor(private readonly options: ExecutionWriterOptions) {}

  /**
   * Hands a write over.
   * @returns resolves when it is committed
   * @throws (rejects) RelayflowError `STORE_UNAVAILABLE` once closing began or when the server
   *   stayed unreachable; `STORE_ERROR` when the database refused the write
   */
  write(make: PendingWrite): Promise<void> {
    if (this.closed) return Promise.reject(new RelayflowError('STORE_UNAVAILABLE', 'the store is closed: this Relayflow was stopped'));
    const committed = new Promise<void>((resolve, reject) => this.waiting.push({ make, resolve, reject }));
    this.last = committed.catch(() => undefined);
    this.committing ??= this.commitAll();
    return committed;
  }

  /** Resolves once every write handed over so far is committed (or has failed). */
  settled(): Promise<void> {
    return this.last;
  }

  /** Refuses writes from now on and waits for those handed over. */
  async close(): Promise<void> {
    this.closed = true;
    await this.last;
  }

  private async commitAll(): Promise<void> {
    // Writes made in this turn of the event loop go into the first commit too.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length) await this.commit(this.waiting.splice(0, MAX_BATCH));
    this.committing = undefined;
  }

  private async commit(batch: Waiting[]): Promise<void> {
    const writes: ExecutionWrite[] = [];
    const owners: Waiting[] = [];
    for (const waiting of batch) {
      try {
        writes.push(waiting.make());
        owners.push(waiting);
      } catch (err) {
        waiting.reject(new RelayflowError('STORE_ERROR', `could not record an execution write: ${(err as Error).message}`, { cause: err }));
      }
    }
    if (!writes.length) return;
    try {
      await this.apply(writes);
      for (const owner of owners) owner.resolve();
    } catch (err) {
      if (writes.length === 1 || isConnectionError(err)) {
        for (const owner of owners) owner.reject(storeError(err));
        return;
      }
      // The database refused one of them: commit the others one by one, and fail only it.
      for (let i = 0; i < writes.length; i++) {
        await this.apply([writes[i]]).then(() => owners[i].resolve(), (e: unknown) => owners[i].reject(storeError(e)));
      }
    }
  }

  /** One transaction, tried again while the server cannot be reached. */
  private async apply(writes: ExecutionWrite[]): Promise<void> {
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LAST_RETRY_MS)) {
      try {
        await this.applyOnce(writes);
        return;
      } catch (err) {
        if (!isConnectionError(err) || Date.now() + delay > giveUpAt) throw err;
        if (delay === FIRST_RETRY_MS) this.options.warn(`PostgreSQL cannot be reached (${(err as Error).message}): execution writes are tried again for up to ${RETRY_FOR_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async applyOnce(writes: ExecutionWrite[]): Promise<void> {
    const client = await this.options.connect();
    let failed: unknown;
    try {
      await applyWrites(client, writes);
    } catch (err) {
      failed = err;
      throw err;
    } finally {
      // A connection that failed is dropped, not handed to the next caller.
      client.release(failed !== undefined && isConnectionError(failed) ? (failed as Error) : undefined);
      this.transactions++;
    }
  }
}

function storeError(err: unknown): RelayflowError {
  if (RelayflowError.is(err)) return err;
  const message = `could not record an execution write: ${(err as Error).message}`;
  return new RelayflowError(isConnectionError(err) ? 'STORE_UNAVAILABLE' : 'STORE_ERROR', message, { cause: err });
}
