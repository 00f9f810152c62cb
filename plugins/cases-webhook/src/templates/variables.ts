/** The case fields every case template can use (`case.title`, ...). */
export const CASE_VARIABLES = ['case.title', 'case.description', 'case.tags', 'case.id', 'case.severity', 'case.status'];
export const EXTERNAL_ID = 'external.system.id';
export const EXTERNAL_TITLE = 'external.system.title';
export const COMMENT = 'case.comment';

/**
 * Values for a trial render when the connector is saved: every variable filled, with a title
 * that needs escaping, so a template that cannot produce valid JSON is caught before any push.
 */
export const SAMPLE_VIEW = {
  case: {
    title: 'Sample "case" title\nline 2',
    description: 'Sample description',
    tags: ['sample-tag', 'other'],
    id: 'sample-case-id',
    severity: 'high',
    status: 'open',
    comment: 'Sample comment',
  },
  external: { system: { id: '10001', title: 'SAMPLE-1' } },
};

/**
 * Whether `name` resolves to one of `allowed`: directly, as a prefix of one (a section such as
 * `{{#case}}`), relative to an enclosing section (`{{#case}}{{title}}{{/case}}`), or as `.`
 * inside a section. Returns a message for an unknown name.
 */
export function checkVariable(name: string, sections: readonly string[], allowed: readonly string[]): string | undefined {
  if (name === '.' && sections.length > 0) return undefined;
  const known = (n: string): boolean => allowed.includes(n) || allowed.some((a) => a.startsWith(`${n}.`));
  if (known(name)) return undefined;
  if (sections.some((s) => known(`${s}.${name}`))) return undefined;
  const guess = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
  return `unknown variable "${name}"${guess ? `; did you mean "${guess}"?` : ''} (available here: ${allowed.join(', ')})`;
}
