import { EventEmitter, once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type PQueue from 'p-queue';
import { loadPQueue } from '../connectors/in-process-connector-limiter';
import type { ConnectorLimiter } from '../contracts/connector-limiter';
import type { ExecutionQueue } from '../contracts/execution-queue';
import type { ExecutionRecord, ExecutionStatus } from '../contracts/execution-record';
import type { Logger } from '../contracts/logger';
import type { ExecutionStore } from '../contracts/store';
import { RelayflowError } from '../errors/relayflow-error';
import { threadEntry } from '../files/thread-entry';
import { logFormatFrom } from '../logging/log-destination';
import { PROCESS_OWNER_KEY, RUN_HERE, THIS_PROCESS } from '../workflow/resume/execution-holder';
import { LimitsForThreads } from './limits-across-threads';
import { fromThreadError, type ExecutionThreadData, type FromThread, type ThreadRelayflowOptions, type ToThread } from './thread-messages';

/** How execution threads are made and how much each holds. */
export interface ExecutionThreadsOptions {
  /** How many threads run executions. */
  count: number;
  /** What each thread builds its Relayflow from (what `relayflow serve` was started with). */
  relayflow: ThreadRelayflowOptions;
  /** Executions a thread runs at once; default {@link RUNNING_PER_THREAD}. */
  runningPerThread?: number;
  /** Executions per thread that may wait for a place before `room()` waits; default {@link WAITING_PER_THREAD}. */
  waitingPerThread?: number;
  /** The main thread's limiter: connector limits count over every thread through it. */
  limiter: ConnectorLimiter;
  /** Where a resume's final record is read. */
  executions: ExecutionStore;
  logger: Logger;
}

/**
 * Executions a thread runs at once, unless told. More would not run faster: a thread that takes
 * hundreds at once works through them in lockstep, in long turns of its event loop whose commits
 * hold the store's write lock long enough to stall the thread that answers requests.
 */
export const RUNNING_PER_THREAD = 64;
/** Executions per thread that may wait for one of its places; beyond, `room()` waits (a webhook's 202 comes later). */
export const WAITING_PER_THREAD = 1024;
/** What `enqueue` answers: handing over is synchronous, so one resolved promise serves every call. */
const HANDED = Promise.resolve();
/** How long a stopping thread may take to stop its Relayflow before it is terminated. */
const THREAD_STOP_MS = 5_000;
/** The first wait before a thread that died is replaced; it doubles while replacements fail, up to the last. */
const RESPAWN_MS = [1_000, 30_000] as const;

interface ExecutionThread {
  /** Numbers the thread for the limits it holds (a replacement gets a new number). */
  readonly index: number;
  readonly worker: Worker;
  /** The executions handed to it that have not ended. */
  readonly ids: Set<string>;
  ready: boolean;
}

interface Handed {
  /** The thread running it; absent while it waits for a place. */
  thread?: ExecutionThread;
  /** Cancel was asked for while it waited: the thread cancels it as soon as it has it. */
  cancelled?: boolean;
  ended: (status: ExecutionStatus | undefined) => void;
  end: Promise<ExecutionStatus | undefined>;
}

/**
 * Runs `relayflow serve`'s executions on worker threads when the store is the embedded one: the
 * main thread answers requests, stores each execution and hands its id here; a thread (the one
 * running the fewest) claims it in the store and runs it with a Relayflow of its own, as
 * PostgreSQL's workers do off `serve`. Each thread runs {@link RUNNING_PER_THREAD} at once; the
 * others wait in a p-queue, and `room()` keeps that bounded. The threads hold executions as this process (one owner,
 * see `THIS_PROCESS`), so what they run counts as running here for resume and cancel; a
 * connector's limits count over every thread through the main thread's limiter.
 *
 * What was handed to a thread that dies (or to none, while none is ready) is stored without
 * having ended: the resume scan finds it and hands it over again once a replacement is ready.
 */
export class ExecutionThreads implements ExecutionQueue {
  private readonly threads: ExecutionThread[] = [];
  private readonly handed = new Map<string, Handed>();
  /** Executions waiting for a place on a thread (each task holds its place until the execution ends). */
  private readonly places: PQueue;
  private readonly limits: LimitsForThreads;
  /** Emits `ended` whenever an execution handed here ended (or was given up): what a stop waits for. */
  private readonly events = new EventEmitter();
  private stopping = false;
  private made = 0;
  private respawnFailures = 0;
  private readonly respawnTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: ExecutionThreadsOptions) {
    this.limits = new LimitsForThreads(options.limiter, options.logger);
    this.events.setMaxListeners(0);
    this.places = new (loadPQueue())({ concurrency: options.count * (options.runningPerThread ?? RUNNING_PER_THREAD) });
  }

  /**
   * Starts every thread and waits until each took up its Relayflow.
   * @throws RelayflowError as a thread's Relayflow failed to start (the others are stopped)
   */
  async start(): Promise<void> {
    const starting = Array.from({ length: this.options.count }, () => this.spawn());
    const results = await Promise.allSettled(starting);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop(0);
      throw failed.reason;
    }
  }

  /** Hands a stored execution to the thread holding the fewest; the round's name plays no part (an execution is handed over once at a time). */
  enqueue(executionId: string): Promise<void> {
    this.hand(executionId);
    return HANDED;
  }

  ended(executionId: string): Promise<void> | undefined {
    return this.handed.get(executionId)?.end.then(() => undefined);
  }

  room(): Promise<void> | undefined {
    const limit = this.options.count * (this.options.waitingPerThread ?? WAITING_PER_THREAD);
    return this.places.size < limit ? undefined : this.places.onSizeLessThan(limit);
  }

  /**
   * Resumes an execution on a thread (the resume scan's way in): its final record, or `running`
   * when it parked again.
   * @throws RelayflowError `EXECUTION_NOT_RESUMABLE` when it was not there to resume (it ended, or
   *   another process holds it), `SHUTTING_DOWN` while stopping
   */
  async resume(executionId: string): Promise<ExecutionRecord> {
    const handed = this.hand(executionId);
    if (!handed) throw new RelayflowError('SHUTTING_DOWN', 'the server is stopping');
    const status = await handed.end;
    const record = status && await this.options.executions.get(executionId);
    if (!record) throw new RelayflowError('EXECUTION_NOT_RESUMABLE', `execution ${executionId} cannot be resumed here: it ended, or another process holds it`);
    return record;
  }

  /**
   * Waits (up to `graceMs`) for the executions the threads hold to end, then stops each thread's
   * Relayflow; a thread still running executions then is terminated, and they are left for resume.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of this.respawnTimers) clearTimeout(timer);
    this.respawnTimers.clear();
    // What still waits for a place is stored: the next start resumes it.
    this.places.clear();
    for (const [id, handed] of this.handed) if (!handed.thread) this.done(id, undefined);
    const deadline = Date.now() + graceMs;
    while (this.handed.size && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([once(this.events, 'ended'), new Promise((resolve) => { timer = setTimeout(resolve, deadline - Date.now()); })]);
      clearTimeout(timer);
    }
    if (this.handed.size) {
      this.options.logger.warn('shutdown grace ended with executions still running on execution threads; they are left for resume', { running: this.handed.size });
    }
    await Promise.all(this.threads.map((thread) => (thread.ids.size ? thread.worker.terminate().then(() => undefined) : stopThread(thread.worker))));
  }

  private hand(executionId: string): Handed | undefined {
    const known = this.handed.get(executionId);
    if (known) return known;
    if (this.stopping) return undefined;
    let ended!: (status: ExecutionStatus | undefined) => void;
    const end = new Promise<ExecutionStatus | undefined>((resolve) => { ended = resolve; });
    const handed: Handed = { ended, end };
    this.handed.set(executionId, handed);
    RUN_HERE.set(executionId, () => {
      if (handed.thread) post(handed.thread.worker, { cancel: executionId });
      else handed.cancelled = true;
      // Also asked through the store: should this process stop (or the thread die) before the
      // thread ends it, whichever process runs it next sees the request.
      void this.options.executions.requestCancel(executionId, new Date().toISOString()).catch((err: unknown) => {
        this.options.logger.warn('could not record a cancel request', { executionId, error: (err as Error)?.message });
      });
    });
    void this.places.add(() => this.dispatch(executionId, handed));
    return handed;
  }

  /** Gives a waiting execution its place on the thread running the fewest; the place is held until it ends. */
  private dispatch(executionId: string, handed: Handed): Promise<unknown> {
    if (this.handed.get(executionId) !== handed) return Promise.resolve();
    let thread: ExecutionThread | undefined;
    for (const candidate of this.threads) {
      if (candidate.ready && (!thread || candidate.ids.size < thread.ids.size)) thread = candidate;
    }
    // None ready (a replacement is starting): it stays stored, and the resume scan hands it over again.
    if (!thread) {
      this.done(executionId, undefined);
      return Promise.resolve();
    }
    handed.thread = thread;
    thread.ids.add(executionId);
    post(thread.worker, { run: executionId });
    if (handed.cancelled) post(thread.worker, { cancel: executionId });
    return handed.end;
  }

  private done(executionId: string, status: ExecutionStatus | undefined): void {
    const handed = this.handed.get(executionId);
    if (!handed) return;
    this.handed.delete(executionId);
    handed.thread?.ids.delete(executionId);
    RUN_HERE.delete(executionId);
    handed.ended(status);
    this.events.emit('ended');
  }

  /** Starts a thread; resolves once its Relayflow started. */
  private spawn(): Promise<ExecutionThread> {
    const entry = threadEntry(__dirname, __filename, 'execution-thread');
    const workerData: ExecutionThreadData = { relayflow: this.options.relayflow, logFormat: logFormatFrom(), [PROCESS_OWNER_KEY]: { ...THIS_PROCESS } };
    const worker = new Worker(entry.path, { ...entry.options, workerData });
    const thread: ExecutionThread = { index: ++this.made, worker, ids: new Set(), ready: false };
    this.threads.push(thread);
    return new Promise<ExecutionThread>((resolve, reject) => {
      worker.on('message', (message: FromThread) => {
        if ('ended' in message) this.done(message.ended, message.status);
        else if ('ready' in message) {
          thread.ready = true;
          resolve(thread);
        } else if ('failed' in message) reject(fromThreadError(message.failed));
        else this.limits.handle(thread.index, message, (answer) => post(worker, answer));
      });
      worker.on('error', (err) => {
        this.options.logger.error('an execution thread failed', { thread: thread.index, error: err.message });
        reject(new RelayflowError('INTERNAL', `an execution thread failed to start: ${err.message}`));
      });
      worker.once('exit', (code) => {
        reject(new RelayflowError('INTERNAL', `an execution thread exited (code ${code}) before it was ready`));
        this.gone(thread, code);
      });
    });
  }

  /** A thread exited: what it held is given up (the resume scan finds it again) and, unless stopping, it is replaced. */
  private gone(thread: ExecutionThread, code: number): void {
    this.threads.splice(this.threads.indexOf(thread), 1);
    this.limits.forget(thread.index);
    const lost = [...thread.ids];
    for (const id of lost) this.done(id, undefined);
    if (this.stopping) return;
    this.options.logger.error('an execution thread stopped; its executions will be resumed', { thread: thread.index, exitCode: code, executions: lost.length });
    // A thread that never got ready failed to start: wait longer before the next try.
    this.respawnFailures = thread.ready ? 0 : this.respawnFailures + 1;
    const [first, most] = RESPAWN_MS;
    const timer = setTimeout(() => {
      this.respawnTimers.delete(timer);
      if (this.stopping) return;
      this.spawn().catch((err: unknown) => this.options.logger.error('could not replace an execution thread', { error: (err as Error)?.message }));
    }, Math.min(most, first * 2 ** this.respawnFailures));
    this.respawnTimers.add(timer);
  }
}

function post(worker: Worker, message: ToThread): void {
  worker.postMessage(message);
}

/** Asks a thread to stop its Relayflow; terminates it when it takes too long. */
async function stopThread(worker: Worker): Promise<void> {
  const exited = once(worker, 'exit').then(() => undefined, () => undefined);
  post(worker, { stop: true });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), THREAD_STOP_MS); });
  if (await Promise.race([exited, late]) === 'late') await worker.terminate();
  clearTimeout(timer);
}
