import type { Authenticate } from './auth';

/** How long a key that authenticated is trusted without asking again (revoked keys: refused within 5 s, contract §9). */
export const KEY_CACHE_MS = 1000;
const MAX_ENTRIES = 1000;

/**
 * Remembers keys that authenticated for {@link KEY_CACHE_MS}, so a busy webhook sender does not
 * cost a keyed hash and a store read per request. Wrong keys are never remembered (each one is
 * checked, and counted by the rate limit); a revoked key is refused at most that long after.
 */
export function cachedAuthenticate(authenticate: Authenticate, now: () => number = Date.now): Authenticate {
  const known = new Map<string, { until: number; key: Awaited<ReturnType<Authenticate>> }>();
  return async (key) => {
    const hit = known.get(key);
    if (hit && hit.until > now()) return hit.key;
    const found = await authenticate(key);
    if (found) {
      if (known.size >= MAX_ENTRIES) known.clear();
      known.set(key, { until: now() + KEY_CACHE_MS, key: found });
    } else {
      known.delete(key);
    }
    return found;
  };
}
