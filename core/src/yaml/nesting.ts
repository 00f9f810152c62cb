import type { CST } from 'yaml';

/**
 * How deep mappings and lists may nest in a YAML file (relayflow.yaml, a workflow), as for
 * events: deeper documents are refused before they are composed, since composing, converting and
 * validating them recurse, and 2,000 levels overflowed the stack.
 */
export const MAX_YAML_DEPTH = 100;

/**
 * The first collection (mapping or list) nested deeper than `max`, found without recursion in
 * the parser's tokens (the parser itself does not recurse).
 * @returns its offset in the text, or undefined when the document is within the limit
 */
export function tooDeepIn(tokens: readonly CST.Token[], max = MAX_YAML_DEPTH): number | undefined {
  const stack: Array<[CST.Token | null | undefined, number]> = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [token, depth] = stack.pop() as [CST.Token | null | undefined, number];
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > max) return token.offset;
      for (const item of token.items as CST.CollectionItem[]) stack.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}

/** True when a plain value (aliases expanded) nests collections deeper than `max`. */
export function deeperThan(value: unknown, max = MAX_YAML_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
