import { randomBytes } from 'node:crypto';
import type { ConnectorLimiter, ConnectorLimits, LimitRelease, LimitRequest } from '../contracts/connector-limiter';
import type { Logger } from '../contracts/logger';
import type { ExecutionOwner, ExecutionStore } from '../contracts/store';
import { heldByLiveProcess } from '../workflow/resume/execution-holder';
import { parseConnectorRate } from '../connectors/connector-limits';
import { launchedDbos } from './queue-runtime';
import { RelayflowError } from '../errors/relayflow-error';

type Dbos = typeof import('@dbos-inc/dbos-sdk').DBOS;

/** How often a slot asks whether the execution holding it is still alive. */
const HOLDER_CHECK_S = 5;
/** How long a slot held by no execution (`connectors execute`, `test`) may be held at most. */
const UNOWNED_HOLD_S = 300;
/** How often a waiting action looks at its signal while it waits for its slot. */
const WAIT_TURN_S = 1;
/** How long an action with no signal to end its wait (`connectors test`) waits for a slot at most. */
const UNBOUNDED_WAIT_S = 60;
/** A queue's dispatch interval at its fastest (DBOS backs off when it is idle). */
const POLL_MS = 20;

/** What the slot workflow needs from the Relayflow of its process. */
interface SlotHost {
  executions: ExecutionStore;
}

let host: SlotHost | undefined;
let slotWorkflow: ((holder: SlotHolder) => Promise<string>) | undefined;

/** Who holds a slot: the process, and the execution it runs the action for. */
interface SlotHolder {
  ownerId: string;
  executionId?: string;
}

/**
 * Registers the slot workflow (before DBOS launches): one DBOS workflow per limited action,
 * enqueued on its connector's queue. DBOS starts it when the connector's limits allow (queue
 * concurrency and rate over every worker); it tells the waiting action so (an event), then holds
 * its place in the queue's concurrency until the action releases it — or until the execution
 * that asked is no longer held by a live process (it died: the slot is freed for others).
 */
export function registerSlotWorkflow(dbos: Dbos, slotHost: SlotHost): void {
  host = slotHost;
  slotWorkflow ??= dbos.registerWorkflow(async (holder: SlotHolder): Promise<string> => {
    await dbos.setEvent('granted', true);
    const deadline = Date.now() + UNOWNED_HOLD_S * 1000;
    for (;;) {
      if (await dbos.recv<boolean>('release', HOLDER_CHECK_S)) return 'released';
      if (holder.executionId === undefined ? Date.now() > deadline : !(await holderAlive(holder))) return 'holder gone';
    }
  }, { name: 'relayflow.connector-slot' });
}

async function holderAlive(holder: SlotHolder): Promise<boolean> {
  if (!host || holder.executionId === undefined) return false;
  const [running] = await host.executions.running(holder.executionId);
  return running !== undefined && running.owner?.id === holder.ownerId && heldByLiveProcess(running);
}

/**
 * Connector limits over every worker (contract §12), on DBOS queues: one queue per connector,
 * `limits.concurrency` as its global concurrency and `limits.rate` as its rate limit (DBOS
 * smooths a rate over its period rather than counting strictly). An action waits for its slot
 * workflow to start, runs here, and releases the slot. In a process that takes no part in the
 * work queue (`relayflow run` by hand on the PostgreSQL store), limits count in that process.
 */
export class DbosConnectorLimiter implements ConnectorLimiter {
  /** Queues registered by this process, with the limits they were registered with. */
  private readonly queues = new Map<string, string>();

  constructor(private readonly inProcess: ConnectorLimiter, private readonly owner: ExecutionOwner, private readonly logger: Logger) {}

  async acquire(request: LimitRequest): Promise<LimitRelease> {
    const dbos = launchedDbos();
    if (!dbos || !slotWorkflow) return this.inProcess.acquire(request);
    const queueName = await this.queueFor(dbos, request.connectorId, request.limits);
    const slotId = `slot:${request.connectorId}:${request.executionId ?? 'direct'}:${request.stepId ?? ''}:${request.attempt ?? 0}:${randomBytes(4).toString('hex')}`;
    await dbos.startWorkflow(slotWorkflow, { workflowID: slotId, queueName })({ ownerId: this.owner.id, executionId: request.executionId });
    const giveUpAt = request.signal ? Number.POSITIVE_INFINITY : Date.now() + UNBOUNDED_WAIT_S * 1000;
    try {
      while (!(await dbos.getEvent<boolean>(slotId, 'granted', WAIT_TURN_S))) {
        request.signal?.throwIfAborted();
        if (Date.now() > giveUpAt) {
          throw new RelayflowError('CONNECTOR_SLOT_TIMEOUT', `no worker gave connector "${request.connectorId}" a slot under its limits within ${UNBOUNDED_WAIT_S} s; is a relayflow worker running?`);
        }
      }
      request.signal?.throwIfAborted();
    } catch (err) {
      // Given up while waiting (cancelled, timed out): the place in the queue goes too.
      await dbos.cancelWorkflow(slotId).catch(() => undefined);
      throw err;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await dbos.send(slotId, true, 'release').catch((err: unknown) => {
        this.logger.warn('could not release a connector slot; it is freed when its execution ends', { connectorId: request.connectorId, error: (err as Error)?.message });
      });
    };
  }

  /** The connector's queue, registered (or updated to its current limits) once per process. */
  private async queueFor(dbos: Dbos, connectorId: string, limits: ConnectorLimits): Promise<string> {
    const name = `relayflow-connector-${connectorId}`;
    const key = JSON.stringify(limits);
    if (this.queues.get(name) === key) return name;
    const rate = limits.rate === undefined ? undefined : parseConnectorRate(limits.rate);
    await dbos.registerQueue(name, {
      ...(limits.concurrency === undefined ? {} : { globalConcurrency: limits.concurrency }),
      ...(rate === undefined ? {} : { rateLimit: { limitPerPeriod: rate.limitPerPeriod, periodSec: rate.periodSec } }),
      minPollingIntervalMs: POLL_MS,
      onConflict: 'always_update',
    });
    this.queues.set(name, key);
    return name;
  }
}
