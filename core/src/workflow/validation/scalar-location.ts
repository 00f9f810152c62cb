import type { SourceLocation } from '../../contracts/problem';
import type { FieldPath } from '../../validation/class-validation';
import { yamlPackage, type YamlSource } from '../../yaml/yaml-source';

/**
 * The location of a character inside a string scalar (e.g. where a condition's syntax error
 * is). Falls back to the start of the value for multi-line scalars.
 */
export function locateInScalar(source: YamlSource, path: FieldPath, offset: number): SourceLocation {
  const node = source.doc.getIn(path as Array<string | number>, true);
  if (yamlPackage().isScalar(node) && node.range && typeof node.value === 'string' && !node.value.includes('\n')) {
    const shift = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : node.type === 'PLAIN' ? 0 : undefined;
    if (shift !== undefined) return source.at(node.range[0] + shift + Math.min(offset, node.value.length));
  }
  return source.locate(path, 'value');
}
