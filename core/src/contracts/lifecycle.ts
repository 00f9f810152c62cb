/**
 * One part's start and stop, registered with the {@link Lifecycle}: a store, the egress client's
 * connection pool, the plugins, and later a REST server, a scheduler, workers.
 */
export interface LifecycleHook {
  /** Names the part in logs, e.g. `store`, `plugins`, `rest-server`. */
  readonly name: string;
  /**
   * Brings the part up. Hooks start one after the other, in registration order; when one throws,
   * startup fails with its error and the hooks that started are stopped.
   */
  readonly start?: () => void | Promise<void>;
  /**
   * Releases the part. Hooks stop one after the other, in reverse registration order, each
   * within its deadline; one that throws or misses its deadline is logged and the others still stop.
   * A hook with a `start` is stopped only when its start finished; a hook without one is stopped
   * whenever the lifecycle stops (even after a failed start), so its stop must cope with a part
   * that never came up.
   */
  readonly stop?: () => void | Promise<void>;
  /** Milliseconds to wait for `stop` before going on without it (default: the lifecycle's, 10 s). */
  readonly stopTimeout?: number;
}

/**
 * Starts and stops Relayflow's long-running parts in one order: start in registration order,
 * stop in reverse, each stop with a deadline. `createRelayflow` starts it and `Relayflow.stop()`
 * stops it; anything with the container adds its own part:
 * `const lifecycle = rf.container.get<Lifecycle>(Lifecycle); lifecycle.register({ name, start, stop }); await lifecycle.start();`
 */
export const Lifecycle = Symbol.for('relayflow.Lifecycle');
/** The lifecycle service interface (see the `Lifecycle` token). */
export interface Lifecycle {
  /**
   * Adds a part. Before or while starting, it is started in turn (after those registered before
   * it); once started, it waits for the next {@link Lifecycle.start} call (a hook without `start`
   * needs none). Either way it stops before the parts registered before it.
   * @throws RelayflowError `BAD_ARGUMENT` for a hook without a name, or with a `start`/`stop`
   *   that is not a function or a `stopTimeout` that is not a positive number; `INTERNAL` once
   *   stopping began
   */
  register(hook: LifecycleHook): void;
  /**
   * Starts, in order, every registered hook not started yet (hooks registered meanwhile
   * included). While a start is in progress, or when nothing was registered since, it returns
   * the same promise; after a failed start, nothing more starts.
   * @throws whatever the failing hook threw; the caller then calls {@link Lifecycle.stop} to stop
   *   what started
   */
  start(): Promise<void>;
  /**
   * Stops what started, in reverse registration order; waits for a start in progress first.
   * Never rejects: failures and missed deadlines are logged. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}
