/**
 * Keys named like `Object.prototype`'s members (`constructor`, `__proto__`, `toString`,
 * `valueOf`, `hasOwnProperty`, ...) are ordinary data in JSON and YAML, but class-transformer
 * treats them as the object's machinery: `constructor` at any depth makes it call the value as
 * a class (a crash), and the others it skips, so they vanish from free-form data and escape
 * unknown-key checks (class-validator finds `toString` on its metadata map's prototype).
 *
 * So the plain value is escaped before it becomes a class instance (such keys get a prefix no
 * input has) and restored after: free-form data gets its own keys back verbatim, any name; a
 * schema class instance loses them, and each is reported as an unknown key.
 */

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
/** Never in YAML or JSON keys people write; a key that starts with it is escaped too, so escaping is reversible. */
const ESCAPE = '\u0000relayflow-key:';

/** True for a key that class-transformer and class-validator would not treat as data. */
export function isPrototypeName(key: string): boolean {
  return PROTOTYPE_NAMES.has(key) || key.startsWith(ESCAPE);
}

/** Sets an own, enumerable data property, whatever its name (`out.__proto__ = x` would set the prototype instead). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A copy of a plain value whose prototype-named keys (at any depth) carry the escape prefix;
 * the value itself when it has none (nothing is copied then).
 */
export function escapePrototypeKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const escaped = escapePrototypeKeys(item);
      if (!out && escaped !== item) out = value.slice(0, i);
      out?.push(escaped);
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = value[key];
    const escaped = escapePrototypeKeys(item);
    const name = isPrototypeName(key) ? ESCAPE + key : key;
    if (!out && (escaped !== item || name !== key)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = value[keys[j]];
    }
    if (out) out[name] = escaped;
  }
  return out ?? value;
}

/**
 * Undoes {@link escapePrototypeKeys} on what class-transformer made of the escaped value, in
 * place for schema class instances: plain objects (free-form data) get their keys back; a class
 * instance loses its escaped keys, each reported (with its path, relative to `value`) through
 * `unknown`.
 * @returns the restored value (a new plain object where one had escaped keys)
 */
export function restorePrototypeKeys(value: unknown, unknown: (path: Array<string | number>, key: string, instance: object) => void): unknown {
  return restore(value, [], unknown);
}

/** `path` is a stack shared by the whole walk (copied only when a problem is reported). */
function restore(value: unknown, path: Array<string | number>, unknown: (path: Array<string | number>, key: string, instance: object) => void): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      value[i] = restore(value[i], path, unknown);
      path.pop();
    }
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const name = key.startsWith(ESCAPE) ? key.slice(ESCAPE.length) : key;
      const item = value[key];
      path.push(name);
      const restored = restore(item, path, unknown);
      path.pop();
      if (!out && (name !== key || restored !== item)) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]] = value[keys[j]];
      }
      if (out) setOwn(out, name, restored);
    }
    return out ?? value;
  }
  // A schema class instance (or a Date, ...): its escaped keys are unknown keys of its class.
  const instance = value as Record<string, unknown>;
  for (const key of Object.keys(instance)) {
    if (key.startsWith(ESCAPE)) {
      delete instance[key];
      const name = key.slice(ESCAPE.length);
      unknown([...path, name], name, instance);
    } else {
      const item = instance[key];
      path.push(key);
      const restored = restore(item, path, unknown);
      path.pop();
      if (restored !== item) instance[key] = restored;
    }
  }
  return instance;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
