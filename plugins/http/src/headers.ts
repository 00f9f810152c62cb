/**
 * Merges header layers: a later layer wins over an earlier one for the same name, compared
 * case-insensitively; the winning layer's spelling of the name is sent. Undefined layers and
 * values are skipped.
 */
export function mergeHeaders(...layers: Array<Record<string, string | undefined> | null | undefined>): Record<string, string> {
  let only: Record<string, string | undefined> | undefined;
  let nonEmpty = 0;
  for (const layer of layers) {
    if (layer && Object.keys(layer).length) {
      nonEmpty++;
      only = layer;
    }
  }
  if (nonEmpty === 0) return {};
  if (nonEmpty === 1 && Object.values(only!).every((v) => v !== undefined)) return { ...(only as Record<string, string>) };
  const byLower = new Map<string, [string, string]>();
  for (const layer of layers) {
    if (!layer) continue;
    for (const name of Object.keys(layer)) {
      const value = layer[name];
      if (value === undefined) continue;
      const lower = name.toLowerCase();
      if (byLower.has(lower)) byLower.delete(lower);
      byLower.set(lower, [name, value]);
    }
  }
  const out: Record<string, string> = {};
  for (const [name, value] of byLower.values()) out[name] = value;
  return out;
}

/** True when `headers` has `name` (any case). */
export function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  if (!headers) return false;
  const lower = name.toLowerCase();
  return Object.keys(headers).some((h) => h.toLowerCase() === lower);
}

/** The value of header `name` (any case). */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const h of Object.keys(headers)) if (h.toLowerCase() === lower) return headers[h];
  return undefined;
}
