/** Deeper than this, a value is copied through JSON (which also reports a cycle). */
const MAX_DEPTH = 64;

/**
 * `value` as plain JSON data: what a record and `--json` hold. A value that already is plain
 * JSON (the usual case: a parsed response) is returned as it is, without a copy; anything else
 * (Dates, class instances, `undefined` members, BigInt, non-finite numbers) goes through
 * `JSON.stringify`/`JSON.parse`, BigInt as its decimal text.
 *
 * @throws when the value cannot be represented as JSON (a cycle)
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (isPlainJson(value, 0)) return value;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return text === undefined ? null : JSON.parse(text);
}

/** True when JSON.stringify + JSON.parse would give back an equal value. */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return Object.getOwnPropertySymbols(value).length === 0;
}
