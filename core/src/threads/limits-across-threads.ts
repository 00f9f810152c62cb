import type { ConnectorLimiter, LimitRelease, LimitRequest } from '../contracts/connector-limiter';
import type { Logger } from '../contracts/logger';
import { fromThreadError, threadError, type FromThread, type SlotRequest, type ToThread } from './thread-messages';

/** How a thread's limiter talks to the main thread. */
export type PostToMain = (message: FromThread) => void;

/**
 * An execution thread's ConnectorLimiter: asks the main thread's limiter for each slot, so that a
 * connector's `limits` count over the main thread and every execution thread together (the
 * embedded store's limiter counts in one thread). Only connectors with limits get here.
 */
export class ThreadConnectorLimiter implements ConnectorLimiter {
  private next = 0;
  private readonly waiting = new Map<number, { granted: () => void; refused: (err: Error) => void }>();

  constructor(private readonly post: PostToMain) {}

  acquire(request: LimitRequest): Promise<LimitRelease> {
    const { signal } = request;
    signal?.throwIfAborted();
    const ticket = ++this.next;
    return new Promise<LimitRelease>((resolve, reject) => {
      const stopWaiting = (): void => {
        if (!this.waiting.delete(ticket)) return;
        this.post({ abandon: ticket });
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', stopWaiting, { once: true });
      const done = (): void => signal?.removeEventListener('abort', stopWaiting);
      this.waiting.set(ticket, {
        granted: () => {
          done();
          let released = false;
          resolve(async () => {
            if (released) return;
            released = true;
            this.post({ release: ticket });
          });
        },
        refused: (err) => {
          done();
          reject(err);
        },
      });
      this.post({ acquire: slotRequest(ticket, request) });
    });
  }

  /** The main thread's answer to an `acquire`. */
  answer(message: Extract<ToThread, { granted: number } | { refused: number }>): void {
    const ticket = 'granted' in message ? message.granted : message.refused;
    const waiter = this.waiting.get(ticket);
    if (!waiter) {
      // Granted after the step stopped waiting (cancelled, timed out): the slot goes back at once.
      if ('granted' in message) this.post({ release: ticket });
      return;
    }
    this.waiting.delete(ticket);
    if ('granted' in message) waiter.granted();
    else waiter.refused(fromThreadError(message.error));
  }
}

function slotRequest(ticket: number, { connectorId, limits, executionId, stepId, attempt }: LimitRequest): SlotRequest {
  return { ticket, connectorId, limits, executionId, stepId, attempt };
}

/**
 * The main thread's side: takes the slots execution threads ask for from the main thread's own
 * limiter, and gives them back when the thread does, or when the thread is gone.
 */
export class LimitsForThreads {
  /** Per thread: slots held (their release) and slots waited for (what stops the wait). */
  private readonly held = new Map<number, Map<number, LimitRelease>>();
  private readonly waits = new Map<number, Map<number, AbortController>>();

  constructor(private readonly limiter: ConnectorLimiter, private readonly logger: Logger) {}

  /** Handles a thread's limits message; `answer` posts the reply to that thread. */
  handle(thread: number, message: Extract<FromThread, { acquire: SlotRequest } | { release: number } | { abandon: number }>, answer: (message: ToThread) => void): void {
    if ('acquire' in message) {
      void this.acquire(thread, message.acquire, answer);
    } else if ('release' in message) {
      const release = this.held.get(thread)?.get(message.release);
      this.held.get(thread)?.delete(message.release);
      void release?.().catch((err: unknown) => this.logger.warn('giving back a limits slot failed', { error: (err as Error)?.message }));
    } else {
      // Still waited for: stop waiting. Granted already (the answer crossing the abandon): the
      // thread gives the slot back when the grant reaches it.
      this.waits.get(thread)?.get(message.abandon)?.abort();
    }
  }

  /** The thread is gone: what it held is given back and what it waited for is no longer waited for. */
  forget(thread: number): void {
    for (const controller of this.waits.get(thread)?.values() ?? []) controller.abort();
    for (const release of this.held.get(thread)?.values() ?? []) void release().catch(() => undefined);
    this.waits.delete(thread);
    this.held.delete(thread);
  }

  private async acquire(thread: number, request: SlotRequest, answer: (message: ToThread) => void): Promise<void> {
    const { ticket, ...rest } = request;
    const controller = new AbortController();
    const waits = mapFor(this.waits, thread);
    waits.set(ticket, controller);
    try {
      const release = await this.limiter.acquire({ ...rest, signal: controller.signal });
      if (controller.signal.aborted) {
        await release();
        return;
      }
      mapFor(this.held, thread).set(ticket, release);
      answer({ granted: ticket });
    } catch (err) {
      if (controller.signal.aborted) return;
      answer({ refused: ticket, error: threadError(err) });
    } finally {
      waits.delete(ticket);
    }
  }
}

function mapFor<V>(maps: Map<number, Map<number, V>>, thread: number): Map<number, V> {
  let map = maps.get(thread);
  if (!map) maps.set(thread, (map = new Map()));
  return map;
}
