/**
 * JQL quoting. JQL string literals are double-quoted with `\` escaping `"` and `\`. Text-search
 * operands (`summary ~ "..."`) are additionally read by Jira's Lucene query parser, so its
 * special characters must reach it backslash-escaped, which inside a JQL literal is `\\`. Unlike
 * Kibana's escaping, no character of the user's text is dropped or replaced.
 */

/** Characters Lucene's query parser treats as syntax (`&&`/`||` are covered by `&` and `|`). */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** A JQL string literal for an exact value (a project key, a field value). */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A JQL string literal for a text-search phrase: control characters and newlines become spaces,
 * Lucene syntax is escaped, then the result is quoted as a JQL literal.
 */
export function jqlTextPhrase(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return jqlString(flat.replace(LUCENE_SPECIAL, (c) => `\\${c}`));
}
