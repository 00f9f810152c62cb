import { injectable } from 'inversify';
import type PQueue from 'p-queue';
import type { ConnectorLimiter, ConnectorLimits, LimitRelease, LimitRequest } from '../contracts/connector-limiter';
import { RelayflowError } from '../errors/relayflow-error';
import { parseConnectorRate, type ConnectorRate } from './connector-limits';

interface ConnectorQueue {
  /** The limits the queue was made for, as JSON: other limits get a new queue. */
  key: string;
  queue: PQueue;
}

/**
 * How p-queue paces a rate: one start per `periodSec / limitPerPeriod` (5/s: one every 200 ms),
 * counted over a sliding window (`strict`), so starts never come closer than that. Rates above
 * 1000/s (less than a millisecond apart) allow the whole count per period instead.
 */
export function pacing(rate: ConnectorRate): { interval: number; intervalCap: number } {
  const periodMs = rate.periodSec * 1000;
  const spacing = periodMs / rate.limitPerPeriod;
  // Rounded up: a start is never earlier than the rate allows.
  return spacing >= 1 ? { interval: Math.ceil(spacing), intervalCap: 1 } : { interval: periodMs, intervalCap: rate.limitPerPeriod };
}

/**
 * The embedded store's limiter: counts each connector's actions in flight and paces their starts
 * in this process (one process uses a SQLite store), with one p-queue per connector. An action
 * holds its place in the queue from `acquire` to its release, so the queue's concurrency is the
 * connector's; the queue's interval paces the starts.
 *
 * Limits changed while actions run apply to the actions that start next (a new queue); those
 * already running finish in the old one.
 */
@injectable()
export class InProcessConnectorLimiter implements ConnectorLimiter {
  private readonly queues = new Map<string, ConnectorQueue>();

  async acquire(request: LimitRequest): Promise<LimitRelease> {
    const { signal } = request;
    signal?.throwIfAborted();
    const queue = this.queueFor(request.connectorId, request.limits);
    // p-queue drops a waiting task when its signal fires; once the task runs, the slot is the
    // action's until it releases it: the request's signal must not free the slot while the action
    // may still be running, so p-queue gets a signal of its own that follows the request's only
    // while it waits.
    const waiting = new AbortController();
    const stopWaiting = (): void => waiting.abort(signal?.reason);
    signal?.addEventListener('abort', stopWaiting, { once: true });
    try {
      return await new Promise<LimitRelease>((granted, refused) => {
        queue.add(() => new Promise<void>((done) => {
          signal?.removeEventListener('abort', stopWaiting);
          let released = false;
          granted(async () => {
            if (released) return;
            released = true;
            done();
          });
        }), { signal: waiting.signal }).catch(refused);
      });
    } finally {
      signal?.removeEventListener('abort', stopWaiting);
    }
  }

  private queueFor(connectorId: string, limits: ConnectorLimits): PQueue {
    const key = JSON.stringify([limits.concurrency ?? null, limits.rate ?? null]);
    const known = this.queues.get(connectorId);
    if (known?.key === key) return known.queue;
    const rate = limits.rate === undefined ? undefined : parseConnectorRate(limits.rate);
    if (limits.rate !== undefined && !rate) {
      throw new RelayflowError('VALIDATION_FAILED', `connector ${connectorId}: limits.rate ${JSON.stringify(limits.rate)} is not a rate such as 10/s`);
    }
    const queue = new (loadPQueue())({
      concurrency: limits.concurrency ?? Number.POSITIVE_INFINITY,
      ...(rate ? { ...pacing(rate), strict: true } : {}),
    });
    this.queues.set(connectorId, { key, queue });
    return queue;
  }
}

let PQueueClass: typeof PQueue | undefined;

/** p-queue is an ES module: loaded (through require(esm)) when first needed (a limited connector's first action, execution threads). */
export function loadPQueue(): typeof PQueue {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  PQueueClass ??= (require('p-queue') as typeof import('p-queue')).default;
  return PQueueClass;
}
