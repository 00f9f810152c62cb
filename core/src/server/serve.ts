import { ConnectorLimiter } from '../contracts/connector-limiter';
import { Lifecycle } from '../contracts/lifecycle';
import { Logger } from '../contracts/logger';
import { distributeWork } from '../workers/work-distribution';
import { DEFAULT_SERVER_OPTIONS } from './server-options';
import { Store } from '../contracts/store';
import { ExecutionThreads } from '../threads/execution-threads';
import type { ThreadRelayflowOptions } from '../threads/thread-messages';
import { RESUME_SCAN_MS, ResumeSource } from '../triggers/resume-source';
import { SchedulerSource } from '../triggers/scheduler-source';
import { TriggerSource } from '../contracts/trigger-source';
import { createServer, type CreateServerOptions, type RelayflowServer } from './create-server';
import type { RelayflowApi } from './relayflow-api';

/** How `serve` runs: the server's options plus trigger sources beside those bound in the container. */
export interface ServeOptions extends CreateServerOptions {
  triggerSources?: TriggerSource[];
  /**
   * What the Relayflow was built from (`configFile`, `dataDir`): with the embedded store, each
   * execution thread (`executionThreads`) builds its own from it. Without it (a host's Relayflow,
   * whose plugin objects or container bindings a thread cannot rebuild) the executions run on
   * the thread that answers requests.
   */
  relayflowOptions?: ThreadRelayflowOptions;
}

/** Time the server's stop may take beyond the shutdown grace (closing connections, flushing). */
const STOP_MARGIN_MS = 5_000;

/**
 * What `relayflow serve` runs: the REST server and every trigger source, as parts of the
 * Relayflow's lifecycle. The server is registered after core's parts (so it stops before the
 * store and plugins), and each trigger source after the server (so it stops firing before the
 * server waits for running executions). `rf.stop()` then stops it all, in reverse.
 * @returns the listening server
 * @throws whatever a part threw while starting (e.g. `BAD_ARGUMENT` for a port in use); the
 *   caller then stops the Relayflow
 */
export async function serve(rf: RelayflowApi, options: ServeOptions = {}): Promise<RelayflowServer> {
  const { triggerSources = [], relayflowOptions, ...serverOptions } = options;
  const lifecycle = rf.container.get<Lifecycle>(Lifecycle);
  const store = rf.container.get<Store>(Store);
  const graceMs = serverOptions.shutdownGraceMs ?? DEFAULT_SERVER_OPTIONS.shutdownGraceMs;
  // On a PostgreSQL store the server enqueues and (unless workerConcurrency is 0) is one of the
  // workers; on the embedded one it hands executions to its execution threads. Registered first,
  // so it stops last: after the server stopped taking work.
  const threadCount = serverOptions.executionThreads ?? DEFAULT_SERVER_OPTIONS.executionThreads;
  // One grace for the whole stop: the threads get what the server's own stop left of it.
  let stopStartedAt: number | undefined;
  const graceLeft = (): number => Math.max(0, graceMs - (Date.now() - (stopStartedAt ?? Date.now())));
  const threads = !store.workers && relayflowOptions && threadCount > 0
    ? runOnThreads(rf, { count: threadCount, relayflow: relayflowOptions, graceMs, graceLeft })
    : undefined;
  const queue = store.workers ? distributeWork(rf.container, {
    concurrency: serverOptions.workerConcurrency ?? DEFAULT_SERVER_OPTIONS.workerConcurrency,
    graceMs,
  }) : threads;
  const server = await createServer(rf, { ...serverOptions, queue });
  lifecycle.register({
    name: 'rest-server',
    start: async () => { await server.listen(); },
    stop: () => {
      stopStartedAt ??= Date.now();
      return server.close();
    },
    stopTimeout: server.options.shutdownGraceMs + STOP_MARGIN_MS,
  });
  const bound = rf.container.isBound(TriggerSource) ? rf.container.getAll<TriggerSource>(TriggerSource) : [];
  // The scheduled triggers are the built-in source; a host's sources (bound or given) come after it.
  const schedule = new SchedulerSource(rf.workflows, rf.container.get<Store>(Store).triggers);
  // Interrupted executions are resumed first, at start (contract §9, §12), then as they become due
  // (on a PostgreSQL store the work queue's scan enqueues them instead, for whichever worker; with
  // execution threads, the scan hands them to a thread).
  const resume = store.workers ? [] : [new ResumeSource(rf.executions, RESUME_SCAN_MS, threads && ((id) => threads.resume(id)))];
  for (const source of [...resume, schedule, ...bound, ...triggerSources]) {
    lifecycle.register({
      name: `trigger:${source.name}`,
      start: () => source.start(server.triggerContext),
      stop: () => source.stop(),
    });
  }
  await lifecycle.start();
  return server;
}

/** Execution threads as a lifecycle part: started before the server listens, stopped after it (waiting for their executions). */
function runOnThreads(rf: RelayflowApi, options: { count: number; relayflow: ThreadRelayflowOptions; graceMs: number; graceLeft: () => number }): ExecutionThreads {
  const threads = new ExecutionThreads({
    count: options.count,
    relayflow: options.relayflow,
    limiter: rf.container.get<ConnectorLimiter>(ConnectorLimiter),
    executions: rf.container.get<Store>(Store).executions,
    logger: rf.container.get<Logger>(Logger).child({ component: 'execution-threads' }),
  });
  rf.container.get<Lifecycle>(Lifecycle).register({
    name: 'execution-threads',
    start: () => threads.start(),
    stop: () => threads.stop(options.graceLeft()),
    stopTimeout: options.graceMs + STOP_MARGIN_MS * 2,
  });
  return threads;
}
