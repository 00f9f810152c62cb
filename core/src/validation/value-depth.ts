import type { FieldPath } from '../contracts/problem';

/**
 * How deep objects and lists may nest in a value that is validated against a schema (connector
 * config and secrets, params, `with`): as for events and YAML files. Validation and conversion
 * recurse, and 5,000 levels overflowed the stack.
 */
export const MAX_VALUE_DEPTH = 100;

/**
 * The path of the first object or list nested deeper than `max`, found without recursion.
 * @returns the path (relative to `value`), or undefined when the value is within the limit
 */
export function tooDeepPath(value: unknown, max = MAX_VALUE_DEPTH): FieldPath | undefined {
  const stack: Array<[unknown, FieldPath]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop() as [unknown, FieldPath];
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= max) return path;
    if (Array.isArray(v)) v.forEach((item, i) => stack.push([item, [...path, i]]));
    else for (const key of Object.keys(v)) stack.push([(v as Record<string, unknown>)[key], [...path, key]]);
  }
  return undefined;
}
