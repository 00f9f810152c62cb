import type { Lifecycle, LifecycleHook } from '../contracts/lifecycle';
import type { Logger } from '../contracts/logger';
import { RelayflowError } from '../errors/relayflow-error';

/** How long a hook's stop may take when it does not say (`stopTimeout`). */
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

type State = 'idle' | 'starting' | 'started' | 'failed' | 'stopping' | 'stopped';

interface Entry {
  hook: LifecycleHook;
  /** Its start finished (a hook without start is live from registration). */
  live: boolean;
}

/**
 * The lifecycle service (avvio's `onClose`, Backstage's LifecycleService): hooks start one after
 * the other in registration order and stop in reverse, each stop raced against a deadline; a
 * failing or late stop is logged and the others still stop. `stop()` is idempotent.
 */
export class LifecycleImpl implements Lifecycle {
  private readonly entries: Entry[] = [];
  /** Index of the first entry not started yet. */
  private next = 0;
  private state: State = 'idle';
  private starting?: Promise<void>;
  private stopping?: Promise<void>;

  /**
   * @param logger - where starts, stops, failures and missed deadlines are logged
   * @param defaultStopTimeoutMs - the deadline of a hook without `stopTimeout`
   */
  constructor(private readonly logger: Logger, private readonly defaultStopTimeoutMs = DEFAULT_STOP_TIMEOUT_MS) {}

  register(hook: LifecycleHook): void {
    checkHook(hook);
    if (this.state === 'stopping' || this.state === 'stopped') {
      throw new RelayflowError('INTERNAL', `lifecycle hook "${hook.name}" was registered while Relayflow is ${this.state}`);
    }
    this.entries.push({ hook, live: !hook.start });
  }

  start(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') {
      return Promise.reject(new RelayflowError('INTERNAL', `cannot start: this Relayflow is ${this.state}; create a new one`));
    }
    // Started, with hooks registered since: start those (avvio's register-then-ready).
    if (this.state === 'started' && this.next < this.entries.length) this.starting = undefined;
    this.starting ??= this.startAll();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async startAll(): Promise<void> {
    this.state = 'starting';
    const began = Date.now();
    const started: string[] = [];
    // Hooks registered while starting are appended and started in turn.
    for (; this.next < this.entries.length; this.next++) {
      const entry = this.entries[this.next];
      const { name, start } = entry.hook;
      if (!start) continue;
      if (this.stopping) {
        this.state = 'failed';
        throw new RelayflowError('INTERNAL', `startup was stopped before ${name} started`);
      }
      const t0 = Date.now();
      this.logger.debug(`starting ${name}`, { hook: name });
      try {
        await start();
      } catch (err) {
        this.state = 'failed';
        this.logger.debug(`${name} failed to start: ${messageOf(err)}`, { hook: name });
        throw err;
      }
      entry.live = true;
      started.push(name);
      const ms = Date.now() - t0;
      this.logger.debug(`started ${name} in ${ms} ms`, { hook: name, ms });
    }
    this.state = 'started';
    const ms = Date.now() - began;
    this.logger.info(`started in ${ms} ms`, { hooks: started, ms });
  }

  private async stopAll(): Promise<void> {
    if (this.starting && this.state === 'starting') {
      this.logger.debug('waiting for startup to finish before stopping');
      await this.starting.catch(() => undefined);
    }
    this.state = 'stopping';
    const began = Date.now();
    const toStop = this.entries.filter((e) => e.live && e.hook.stop).reverse().map((e) => e.hook);
    if (toStop.length === 0) {
      this.state = 'stopped';
      this.logger.debug('nothing to stop');
      return;
    }
    this.logger.info(`stopping ${toStop.map((h) => h.name).join(', ')}`, { hooks: toStop.map((h) => h.name) });
    for (const hook of toStop) await this.stopOne(hook);
    this.state = 'stopped';
    const ms = Date.now() - began;
    this.logger.info(`stopped in ${ms} ms`, { ms });
  }

  /** Runs one stop against its deadline; never throws. */
  private async stopOne(hook: LifecycleHook): Promise<void> {
    const { name } = hook;
    const timeoutMs = hook.stopTimeout ?? this.defaultStopTimeoutMs;
    const t0 = Date.now();
    this.logger.debug(`stopping ${name} (waiting up to ${timeoutMs} ms)`, { hook: name, timeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const stopping = (async () => hook.stop?.())();
    const outcome = await Promise.race([
      stopping.then(() => ({ ok: true as const }), (err: unknown) => ({ ok: false as const, err })),
      new Promise<'deadline'>((resolve) => { timer = setTimeout(() => resolve('deadline'), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (outcome === 'deadline') {
      this.logger.warn(`${name} did not stop within ${timeoutMs} ms; going on without waiting for it`, { hook: name, timeoutMs });
      // Still say so if it fails later (and keep the rejection handled).
      stopping.catch((err) => this.logger.error(`${name} failed to stop (after its deadline): ${messageOf(err)}`, { hook: name }));
    } else if (!outcome.ok) {
      this.logger.error(`${name} failed to stop: ${messageOf(outcome.err)}`, { hook: name, error: messageOf(outcome.err) });
    } else {
      this.logger.debug(`stopped ${name}: waited ${Date.now() - t0} ms`, { hook: name, ms: Date.now() - t0 });
    }
  }
}

function checkHook(hook: LifecycleHook): void {
  if (typeof hook !== 'object' || hook === null || typeof hook.name !== 'string' || hook.name.trim() === '') {
    throw new RelayflowError('BAD_ARGUMENT', 'a lifecycle hook needs a name (e.g. { name: "rest-server", start, stop })');
  }
  for (const phase of ['start', 'stop'] as const) {
    if (hook[phase] !== undefined && typeof hook[phase] !== 'function') {
      throw new RelayflowError('BAD_ARGUMENT', `lifecycle hook "${hook.name}": ${phase} must be a function`);
    }
  }
  const timeout = hook.stopTimeout;
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0)) {
    throw new RelayflowError('BAD_ARGUMENT', `lifecycle hook "${hook.name}": stopTimeout must be a positive number of milliseconds (got ${String(timeout)})`);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
