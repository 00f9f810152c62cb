import { distance } from 'fastest-levenshtein';

/**
 * The candidates closest to `word` (edit distance, case-insensitive), best first, for
 * "did you mean" hints.
 */
export function closeMatches(word: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()) ? Math.min(1, distance(lower, c.toLowerCase())) : distance(lower, c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** `; did you mean "a" or "b"?` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const close = closeMatches(word, candidates);
  if (close.length === 0) return '';
  return `; did you mean ${close.map((c) => `"${c}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}?`;
}
