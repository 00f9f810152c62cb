import type { CompiledWorkflow } from '../contracts/compiled-workflow';

/** How many compiled workflow versions are kept (each is the YAML's parse and a few closures). */
export const COMPILED_CACHE_SIZE = 256;

/**
 * Compiled workflows by (id, version), least recently used dropped first. A stored version never
 * changes, so an entry never goes stale; entries are dropped when their workflow is deleted. It
 * holds promises, so two callers asking for one version at once compile it once.
 */
export class CompiledCache {
  private readonly entries = new Map<string, Promise<CompiledWorkflow>>();

  constructor(private readonly capacity = COMPILED_CACHE_SIZE) {}

  /** The cached version, or the one `compile` makes (not kept when it fails). */
  get(id: string, version: number, compile: () => Promise<CompiledWorkflow>): Promise<CompiledWorkflow> {
    const key = keyOf(id, version);
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // re-inserted: most recently used last
    } else {
      entry = compile();
      entry.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  /** Forgets every version of a workflow. */
  forget(id: string): void {
    const prefix = keyOf(id, '');
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** How many versions are cached. */
  get size(): number {
    return this.entries.size;
  }
}

// A NUL cannot be part of a workflow name (the store refuses control characters), so keys never collide.
function keyOf(id: string, version: number | ''): string {
  return `${id}\u0000${version}`;
}
