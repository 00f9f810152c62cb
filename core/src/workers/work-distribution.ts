import type { Container } from 'inversify';
import { Config } from '../config/relayflow-config';
import type { ExecutionQueue } from '../contracts/execution-queue';
import { Lifecycle } from '../contracts/lifecycle';
import { Logger } from '../contracts/logger';
import { Store } from '../contracts/store';
import { WorkflowService } from '../contracts/workflow-service';
import { parseDuration } from '../validation/units';
import { RelayflowError } from '../errors/relayflow-error';
import { THIS_PROCESS } from '../workflow/resume/execution-holder';
import { Periodic } from '../lifecycle/periodic';
import { QueueRuntime } from './queue-runtime';
import { QueueScan } from './queue-scan';
import { WorkerLiveness } from './worker-liveness';

/** How this process takes part in the work (the rest comes from the Relayflow's container and config). */
export interface DistributionOptions {
  /** Executions this process runs at once (`worker --concurrency`, `server.workerConcurrency`); 0 runs none. */
  concurrency: number;
  /** How long a stop waits for the executions running here. */
  graceMs: number;
}

/** How often, at most, finished rounds are pruned, and how many at a time. */
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 1_000;
/** `server.queueRetention`'s default, should the setting not read as a duration. */
const DEFAULT_RETENTION_MS = 3_600_000;
/** How long a round waits for a store that cannot be reached (PostgreSQL restarting) before it fails. */
const STORE_PATIENCE_MS = 60_000;

/**
 * Makes this process one of the nodes that share the work on a PostgreSQL store: DBOS's queue
 * (enqueue, and run rounds up to `concurrency` at once), this worker's heartbeat, and the scan
 * that enqueues what became due. Registered as one lifecycle part ("work-queue"): it starts with
 * the next `lifecycle.start()` and stops (waiting for the executions running here) before the store.
 * @returns the queue executions are handed to
 * @param container - a started Relayflow's: its store, config, workflow service, lifecycle and logger
 * @throws RelayflowError `BAD_ARGUMENT` when the store is not shared (SQLite)
 */
export function distributeWork(container: Container, options: DistributionOptions): ExecutionQueue {
  const { concurrency } = options;
  const store = container.get<Store>(Store);
  const workers = store.workers;
  if (!workers) {
    throw new RelayflowError('BAD_ARGUMENT', 'relayflow worker needs a PostgreSQL store (store: postgres://... in relayflow.yaml); with the embedded store, relayflow serve runs executions itself');
  }
  const config = container.get<Config>(Config);
  const workflows = container.get<WorkflowService>(WorkflowService);
  const retentionMs = parseDuration(config.server.queueRetention) ?? DEFAULT_RETENTION_MS;
  const log = container.get<Logger>(Logger).child({ component: 'worker' });
  const runtime = new QueueRuntime({
    url: config.store, owner: THIS_PROCESS, concurrency, logger: log, executions: store.executions,
    run: async (executionId) => (await patiently(() => workflows.runQueued(executionId, { parkLongWaits: true }), log))?.status ?? 'not-claimed',
  });
  const liveness = new WorkerLiveness(workers, { ...THIS_PROCESS, concurrency }, log);
  const scan = new QueueScan(store.executions, runtime, log);
  const pruning = new Periodic(async () => {
    try {
      const pruned = await runtime.prune(new Date(Date.now() - retentionMs), PRUNE_BATCH);
      if (pruned) log.debug('pruned finished queue rounds', { pruned });
    } catch (err) {
      log.warn('could not prune finished queue rounds', { error: (err as Error)?.message });
    }
  }, Math.max(1_000, Math.min(PRUNE_EVERY_MS, retentionMs)));
  container.get<Lifecycle>(Lifecycle).register({
    name: 'work-queue',
    start: async () => {
      await runtime.launch();
      await liveness.start();
      await scan.start();
      await pruning.start(false);
    },
    stop: async () => {
      await pruning.stop();
      await scan.stop();
      await runtime.shutdown(options.graceMs);
      await liveness.stop();
    },
    stopTimeout: options.graceMs + 5_000,
  });
  return { enqueue: (executionId, round) => runtime.enqueue(executionId, round) };
}

/** Runs `fn`, trying again while the store cannot be reached, for a minute at most. */
async function patiently<T>(fn: () => Promise<T>, logger: Logger): Promise<T> {
  const deadline = Date.now() + STORE_PATIENCE_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      return await fn();
    } catch (err) {
      if (!RelayflowError.is(err) || err.code !== 'STORE_UNAVAILABLE' || Date.now() + wait > deadline) throw err;
      logger.warn('the store cannot be reached; trying again', { error: err.message, retryInMs: wait });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
