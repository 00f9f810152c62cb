/** In-flight requests per caller signal: one `abort` listener per signal, however many requests share it. */
const inFlight = new WeakMap<AbortSignal, Set<AbortController>>();

/**
 * Aborts `controller` when `signal` aborts, until the returned function unlinks it.
 *
 * Why not `AbortSignal.any` or a listener per request: a step's signal (or an executor's
 * never-aborting default) lives long and is shared by many requests. A listener per request
 * piles up (and warns past 10 concurrent ones); `AbortSignal.any` keeps a weak dependant per
 * call on the long-lived signal, which measurably slows a busy process on Node 20. Here each
 * signal gets one listener and each request costs a Set insert and delete.
 */
export function linkAbort(signal: AbortSignal, controller: AbortController): () => void {
  let controllers = inFlight.get(signal);
  if (!controllers) {
    const set = new Set<AbortController>();
    controllers = set;
    inFlight.set(signal, set);
    signal.addEventListener('abort', () => {
      for (const c of set) c.abort(signal.reason);
      set.clear();
    }, { once: true });
  }
  controllers.add(controller);
  const linked = controllers;
  return () => {
    linked.delete(controller);
  };
}
