import type { Logger } from '../contracts/logger';
import type { ExecutionOwner, ExecutionStore } from '../contracts/store';
import { registerSlotWorkflow } from './connector-slots';
import { RelayflowError } from '../errors/relayflow-error';
import { isConnectionError, safeMessage, unavailable } from '../store/postgres/connection-errors';
import { displaySetting } from '../store/store-factory-registry';
import { registerLocalQueue } from './dbos-internals';

type Dbos = typeof import('@dbos-inc/dbos-sdk').DBOS;

/** The queue every execution round is enqueued on (a process-local DBOS queue in each worker). */
export const EXECUTION_QUEUE = 'relayflow-executions';
/** DBOS's schema in the store's database, beside `relayflow`. */
export const QUEUE_SCHEMA = 'relayflow_queue';
/**
 * The version of what is enqueued (the workflow's name and argument): every node must agree,
 * since DBOS hands a workflow only to processes of its version. Change it only with the workflow.
 */
const QUEUE_PROTOCOL = 'relayflow-queue-1';
/** How often, at most, an idle worker asks for work (DBOS backs off when there is none). */
const POLL_MS = 20;
/** The advisory lock nodes take in turn to launch the queue ("relayflow_queue" as a number). */
const LAUNCH_LOCK = 0x72665f71;

/** What runs one execution round: Relayflow's engine, claiming it first. */
export type RoundRunner = (executionId: string) => Promise<string>;

/** The settings of the one queue runtime of a process. */
export interface QueueRuntimeOptions {
  /** The PostgreSQL URL of the store (never logged: it may hold a password). */
  url: string;
  /** DBOS's executor id: this process's owner id, so leases and queue work name the same process. */
  owner: ExecutionOwner;
  /** Executions this process runs at once; 0 enqueues only. */
  concurrency: number;
  run: RoundRunner;
  /** Where connector slots look up whether the execution holding them is alive. */
  executions: ExecutionStore;
  logger: Logger;
}

let runner: RoundRunner | undefined;
let workflow: ((executionId: string) => Promise<string>) | undefined;
let launched: Dbos | undefined;

/** DBOS, once a queue runtime launched it in this process (the connector limiter uses it). */
export function launchedDbos(): Dbos | undefined {
  return launched;
}

/**
 * The DBOS Transact runtime of this process (contract §12: work distribution on an existing
 * engine). DBOS is a per-process singleton, so a process runs one of these, for one Relayflow;
 * it is loaded only with a PostgreSQL store (`serve`, `worker`), never by the embedded path.
 */
export class QueueRuntime {
  private dbos?: Dbos;

  constructor(private readonly options: QueueRuntimeOptions) {}

  /**
   * Launches DBOS on the store's database (its tables in the schema `relayflow_queue`).
   * @throws Error when another Relayflow in this process launched it already
   */
  async launch(): Promise<void> {
    if (runner) throw new Error('another Relayflow in this process already takes work from the queue; one per process');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DBOS } = require('@dbos-inc/dbos-sdk') as typeof import('@dbos-inc/dbos-sdk');
    const { url, owner, concurrency, logger } = this.options;
    runner = this.options.run;
    workflow ??= DBOS.registerWorkflow(async (executionId: string) => {
      if (!runner) throw new Error('no Relayflow takes work from the queue in this process');
      return runner(executionId);
    }, { name: 'relayflow.execution' });
    registerSlotWorkflow(DBOS, { executions: this.options.executions });
    if (concurrency > 0) registerLocalQueue(EXECUTION_QUEUE, { workerConcurrency: concurrency, minPollingIntervalMs: POLL_MS });
    DBOS.setConfig({
      name: 'relayflow',
      systemDatabaseUrl: withoutCommitWait(url),
      systemDatabaseSchemaName: QUEUE_SCHEMA,
      executorID: owner.id,
      applicationVersion: QUEUE_PROTOCOL,
      runAdminServer: false,
      // Its default sets a session timeout with a query queued on every new connection, which pg 8.2x
      // reports as a deprecation on stderr; Relayflow's transactions on this pool are short anyway.
      systemDatabaseIdleTransactionTimeoutMs: 0,
      // A process that runs no executions serves no queue (the connector queues included).
      ...(concurrency > 0 ? {} : { listenQueues: [] }),
      logger: dbosLogger(logger),
    });
    try {
      await oneAtATime(url, () => DBOS.launch());
    } catch (err) {
      runner = undefined;
      throw queueUnavailable(url, err);
    }
    this.dbos = DBOS;
    launched = DBOS;
  }

  /**
   * Enqueues one round of an execution; a round enqueued before (by any process) is not again.
   */
  async enqueue(executionId: string, round: string): Promise<void> {
    const { dbos } = this;
    if (!dbos || !workflow) throw new Error('the queue runtime is not launched');
    await dbos.startWorkflow(workflow, { workflowID: `${executionId}/${round}`, queueName: EXECUTION_QUEUE })(executionId);
  }

  /** The state of a round (`ENQUEUED`, `PENDING`, `SUCCESS`, `ERROR`, `CANCELLED`...), undefined when never enqueued. */
  async roundStatus(executionId: string, round: string): Promise<string | undefined> {
    return (await this.dbos?.getWorkflowStatus(`${executionId}/${round}`))?.status;
  }

  /**
   * Deletes finished rounds (executions' and connector slots') that ended before `before`, up to
   * `limit` of them: the queue's tables do not grow with every execution ever run. The executions'
   * own records are not touched.
   * @returns how many were deleted
   */
  async prune(before: Date, limit: number): Promise<number> {
    const { dbos } = this;
    if (!dbos) return 0;
    const ended = await dbos.listWorkflows({
      status: ['SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED'], completedBefore: before.toISOString(), limit, loadInput: false, loadOutput: false,
    });
    if (ended.length) await dbos.deleteWorkflows(ended.map((round) => round.workflowID));
    return ended.length;
  }

  /** Stops taking work, lets the rounds running here finish within `graceMs`, and disconnects. */
  async shutdown(graceMs: number): Promise<void> {
    const { dbos } = this;
    this.dbos = undefined;
    if (!dbos) return;
    try {
      // The executions finishing here meanwhile still take their connector slots from the queue.
      await dbos.shutdown({ workflowCompletionTimeoutMS: graceMs });
    } finally {
      runner = undefined;
      launched = undefined;
    }
  }
}

/**
 * The URL DBOS connects with: its commits do not wait for the WAL to reach the disk
 * (`synchronous_commit = off`, for its sessions only). Relayflow's own store commits every
 * execution (and every claim and checkpoint) durably before it enqueues or acts, so a queue write
 * lost in a crash of the database costs a round, never an execution: an enqueue lost is enqueued
 * again by the scan, a round lost or handed out twice is settled by the claim, a completion lost
 * leaves a finished round's row behind. Saves a disk flush on each of the queue's several commits
 * per execution.
 */
function withoutCommitWait(url: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c synchronous_commit=off`);
  return parsed.toString();
}

/**
 * Runs `fn` while holding a PostgreSQL advisory lock: DBOS creates and migrates its schema at
 * launch, and nodes starting together would otherwise deadlock on it.
 */
async function oneAtATime(url: string, fn: () => Promise<void>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: url, application_name: 'relayflow', connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // Tried, not waited for in one statement: DBOS's CREATE INDEX CONCURRENTLY waits for every
    // open statement, a waiting lock call among them.
    while (!(await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LAUNCH_LOCK])).rows[0].locked) {
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    }
    await fn();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why the queue cannot start, as users see it: the URL without its password, what to check. */
function queueUnavailable(url: string, err: unknown): Error {
  if (RelayflowError.is(err)) return err;
  const reason = safeMessage(err, url);
  if (isConnectionError(err)) return unavailable(url, err);
  return new RelayflowError('STORE_UNAVAILABLE', `cannot start the work queue in the PostgreSQL store ${displaySetting(url)}: ${reason}`, { cause: err });
}

/** DBOS's lines in Relayflow's log: its chatter at debug, its warnings and errors as they are (no stacks). */
function dbosLogger(logger: Logger): import('@dbos-inc/dbos-sdk').DLogger {
  const log = logger.child({ component: 'queue' });
  const text = (entry: unknown): string => (entry instanceof Error ? entry.message : typeof entry === 'string' ? entry : JSON.stringify(entry));
  return {
    debug: (entry) => log.debug(text(entry)),
    info: (entry) => log.debug(text(entry)),
    warn: (entry) => log.warn(text(entry)),
    error: (entry) => log.error(text(entry)),
  };
}
