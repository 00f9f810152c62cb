import { recordedErrorFor } from '../../errors/recorded-error';
import type { RecordedError } from '../../contracts/execution-record';
import { timerMs } from '../../validation/units';

/**
 * Thrown when the scope a step runs in was aborted from outside the step (the execution was
 * cancelled or timed out, or an enclosing block's timeout passed). Carries the reason: the
 * error the interrupted steps record.
 */
export class ScopeAborted extends Error {
  constructor(readonly reason: RecordedError) {
    super(reason.message);
    this.name = 'ScopeAborted';
  }
}

/** The reason an AbortSignal carries, as set by this engine. */
export function abortReason(signal: AbortSignal): RecordedError {
  const reason = signal.reason as RecordedError | undefined;
  if (reason && typeof reason === 'object' && typeof reason.type === 'string') return reason;
  return recordedErrorFor('CANCELLED', 'the execution was cancelled');
}

/**
 * A signal that aborts after `ms` (capped at the longest timer, see `timerMs`) with `reason`,
 * or when `parent` aborts. Call `dispose` when done so neither the timer nor the listener
 * outlives the step.
 */
export function timeoutSignal(parent: AbortSignal, ms: number, reason: RecordedError): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const onParent = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onParent, { once: true });
  const timer = setTimeout(() => controller.abort(reason), timerMs(ms));
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}

/**
 * Settles with `work`, or rejects with ScopeAborted as soon as `signal` aborts (an action that
 * ignores its signal cannot hold the execution).
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new ScopeAborted(abortReason(signal)));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ScopeAborted(abortReason(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (err) => { signal.removeEventListener('abort', onAbort); reject(signal.aborted ? new ScopeAborted(abortReason(signal)) : err); },
    );
  });
}

/** Waits `ms` (capped at the longest timer, see `timerMs`), or rejects with ScopeAborted when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new ScopeAborted(abortReason(signal)));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ScopeAborted(abortReason(signal)));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, timerMs(ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
