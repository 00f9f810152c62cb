import Mustache from 'mustache';

const hasOwn = Object.prototype.hasOwnProperty;
const pathCache = new Map<string, readonly string[]>();

/**
 * Splits a dotted path (`steps.fetch.output.items.0.name`, also `items[0].name`) into its
 * segments, once per distinct path.
 */
export function pathSegments(path: string): readonly string[] {
  let segments = pathCache.get(path);
  if (!segments) {
    segments = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((s) => s !== '');
    if (pathCache.size > 10_000) pathCache.clear();
    pathCache.set(path, segments);
  }
  return segments;
}

/**
 * Reads one own property: never the prototype chain (`constructor`, `__proto__`), never a
 * function. Strings and arrays expose `length` (an own property of both).
 */
export function ownProperty(value: unknown, key: string): { hit: boolean; value: unknown } {
  if (value === null || value === undefined) return MISS;
  if (typeof value === 'string') {
    if (key === 'length') return { hit: true, value: value.length };
    return MISS;
  }
  if (typeof value !== 'object' || !hasOwn.call(value, key)) return MISS;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'function' ? MISS : { hit: true, value: found };
}

const MISS = Object.freeze({ hit: false, value: undefined });

/**
 * Resolves a dotted path against a value with own-property lookups only.
 * @returns the value, or undefined when any segment is missing
 */
export function resolvePath(root: unknown, path: string | readonly string[], from = 0): unknown {
  const segments = typeof path === 'string' ? pathSegments(path) : path;
  let current = root;
  for (let i = from; i < segments.length; i++) {
    const next = ownProperty(current, segments[i]);
    if (!next.hit) return undefined;
    current = next.value;
  }
  return current;
}

/**
 * A Mustache context that only ever reads own properties and never calls a function, so a
 * template cannot reach `constructor`, prototypes or code. `push` (sections) keeps the class.
 */
export class SafeContext extends Mustache.Context {
  override push(view: unknown): SafeContext {
    return new SafeContext(view, this);
  }

  override lookup(name: string): unknown {
    if (name === '.') return typeof this.view === 'function' ? undefined : this.view;
    const segments = pathSegments(name);
    if (segments.length === 0) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let context: Mustache.Context | undefined = this;
    while (context) {
      const first = ownProperty(context.view, segments[0]);
      if (first.hit) return segments.length === 1 ? first.value : resolvePath(first.value, segments, 1);
      context = context.parent;
    }
    return undefined;
  }
}
