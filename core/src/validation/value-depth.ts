import type { FieldPath } from '../contracts/problem';

/**
 * How deep objects and lists may nest in a value that is validated against a schema (connector
 * config and secrets, params, `with`): as for events and YAML files. Validation and conversion
 * recurse, and 5,000 levels overflowed the stack.
 */
export const MAX_VALUE_DEPTH = 100;

/**
 * The path of the first object or list nested deeper than `max`, found without recursion.
 * Runs on every params object an action gets and every response body: a value within the limit
 * costs a few numbers per object in it, and the path is built only for the one that is too deep.
 * @returns the path (relative to `value`), or undefined when the value is within the limit
 */
export function tooDeepPath(value: unknown, max = MAX_VALUE_DEPTH): FieldPath | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // Every object met, in the order met (its parent's index and its key there, to build a path);
  // `open` holds the indexes still to look into, the last one first.
  const objects: object[] = [value];
  const parents: number[] = [-1];
  const keys: Array<string | number> = [0];
  const depths: number[] = [0];
  const open: number[] = [0];
  const meet = (child: unknown, parent: number, key: string | number): void => {
    if (child === null || typeof child !== 'object') return;
    open.push(objects.length);
    objects.push(child);
    parents.push(parent);
    keys.push(key);
    depths.push(depths[parent] + 1);
  };
  while (open.length) {
    const at = open.pop() as number;
    if (depths[at] >= max) return pathTo(at, parents, keys);
    const v = objects[at];
    if (Array.isArray(v)) v.forEach((item, i) => meet(item, at, i));
    else for (const key of Object.keys(v)) meet((v as Record<string, unknown>)[key], at, key);
  }
  return undefined;
}

function pathTo(at: number, parents: readonly number[], keys: ReadonlyArray<string | number>): FieldPath {
  const path: Array<string | number> = [];
  for (let i = at; parents[i] !== -1; i = parents[i]) path.push(keys[i]);
  return path.reverse() as FieldPath;
}
