/** A parsed YAML/JSON mapping. */
export type Plain = Record<string, unknown>;

/** True for a mapping (not null, not an array). */
export function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
