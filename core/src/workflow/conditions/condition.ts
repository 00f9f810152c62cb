import type { Predicate } from '../../contracts/compiled-workflow';
import { RelayflowError } from '../../errors/relayflow-error';
import { pathSegments, resolvePath } from '../../templating/safe-context';
import { isTemplate, renderTemplate, typedExpression, type TemplateContext } from '../../templating/template-renderer';
import type { KqlNode, KqlValue } from './kql-parser';

/** The generated parser (43 KB), loaded with the first condition: most workflows have none. */
function parseKql(text: string): KqlNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./kql-parser') as typeof import('./kql-parser')).parse(text);
}

/** A condition compiled to a predicate over the context. */
export type { Predicate };

const ALWAYS: Predicate = () => true;
const NEVER: Predicate = () => false;
const MAX_CACHED = 5000;
const cache = new Map<string, Predicate>();

/**
 * Compiles a KQL condition (contract §4.3) once and caches it by its text. `true` and `false`
 * (any case, trimmed) are the constants; an empty condition is false.
 *
 * @throws RelayflowError `WORKFLOW_INVALID` for a syntax error, with `details.offset` (0-based)
 */
export function compileCondition(text: string): Predicate {
  let predicate = cache.get(text);
  if (predicate) return predicate;
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'true') predicate = ALWAYS;
  else if (lower === 'false' || trimmed === '') predicate = NEVER;
  else {
    let ast: KqlNode;
    try {
      ast = parseKql(text);
    } catch (err) {
      const location = (err as { location?: { start: { offset: number } } }).location;
      throw new RelayflowError('WORKFLOW_INVALID', `condition syntax error: ${(err as Error).message}`, {
        details: { offset: location?.start.offset ?? 0 },
        cause: err,
      });
    }
    predicate = compileNode(ast);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, predicate);
  return predicate;
}

/**
 * Evaluates an `if` or `condition`: rendered first; a boolean (from `${{ }}`) is used as is, as
 * are the strings `true`/`false`; anything else is a KQL expression over the context. Missing
 * fields are false.
 *
 * @throws RelayflowError `WORKFLOW_INVALID` for a syntax error in the rendered condition, or a
 *   `${{ }}` that resolved to something other than a boolean or a string
 */
export function evaluateCondition(condition: string | boolean, context: TemplateContext): boolean {
  if (typeof condition === 'boolean') return condition;
  const typed = typedExpression(condition);
  if (typed !== undefined) {
    const value = resolvePath(context, typed);
    if (typeof value === 'boolean') return value;
    if (value === undefined || value === null) return false;
    if (typeof value !== 'string') {
      throw new RelayflowError('WORKFLOW_INVALID', `condition ${condition} resolved to ${JSON.stringify(value)} (${Array.isArray(value) ? 'array' : typeof value}); expected a boolean or a KQL string`);
    }
    return compileCondition(value)(context);
  }
  return compileCondition(isTemplate(condition) ? renderTemplate(condition, context) : condition)(context);
}

function compileNode(node: KqlNode): Predicate {
  switch (node.type) {
    case 'or': {
      const items = node.items.map(compileNode);
      return (ctx) => items.some((p) => p(ctx));
    }
    case 'and': {
      const items = node.items.map(compileNode);
      return (ctx) => items.every((p) => p(ctx));
    }
    case 'not': {
      const inner = compileNode(node.expr);
      return (ctx) => !inner(ctx);
    }
    case 'exists': {
      const field = pathSegments(node.field);
      return (ctx) => {
        const value = resolvePath(ctx, field);
        return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
      };
    }
    case 'match': {
      const field = pathSegments(node.field);
      const matchers = node.values.map(matcher);
      const any = node.any;
      return (ctx) => {
        const value = resolvePath(ctx, field);
        if (value === undefined) return false;
        return any ? matchers.some((m) => anyItem(value, m)) : matchers.every((m) => anyItem(value, m));
      };
    }
    case 'range': {
      const field = pathSegments(node.field);
      const compare = comparer(node.op, node.value);
      return (ctx) => {
        const value = resolvePath(ctx, field);
        return value !== undefined && anyItem(value, compare);
      };
    }
  }
}

/** A field holding an array matches when any of its items does (as in Elasticsearch). */
function anyItem(value: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(value) ? value.some(test) : test(value);
}

function matcher(literal: KqlValue): (value: unknown) => boolean {
  const text = literal.text;
  if (literal.wildcard) {
    const regex = wildcardRegex(literal.pattern ?? text);
    return (value) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && regex.test(String(value));
  }
  const number = numeric(text);
  const lower = text.toLowerCase();
  return (value) => {
    if (value === null) return !literal.quoted && lower === 'null';
    switch (typeof value) {
      case 'string': return value === text;
      case 'number': return number !== undefined ? value === number : String(value) === text;
      case 'boolean': return String(value) === lower;
      default: return false;
    }
  };
}

function comparer(op: '>' | '>=' | '<' | '<=', literal: KqlValue): (value: unknown) => boolean {
  const number = numeric(literal.text);
  const text = literal.text;
  const check = (c: number): boolean => (op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0);
  return (value) => {
    if (number !== undefined) {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? numeric(value) : undefined;
      if (n !== undefined) return check(n - number);
    }
    if (typeof value === 'string') return check(value < text ? -1 : value > text ? 1 : 0);
    return false;
  };
}

function numeric(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** `web-*` → /^web-.*$/; `\*` stays a literal star. */
function wildcardRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i]);
    else if (c === '*') source += '.*';
    else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The fields a condition reads (for reference checks), or [] when it is not valid KQL. */
export function conditionFields(text: string): string[] {
  return kqlFields(text) ?? [];
}

/** Stands in for each template tag, so the literal KQL around the tags can be read. */
const TAG_PLACEHOLDER = '__template__';
const TAG = /\$?\{\{\{[\s\S]*?\}\}\}|\$?\{\{[\s\S]*?\}\}/g;
const QUOTED = /"(?:\\.|[^"\\])*"/g;
const FIELD_LIKE = /(?<![\w.@$-])[A-Za-z0-9_@$-]+(?:\.[A-Za-z0-9_@$-]+|\[\d+\])+/g;

/**
 * The fields the literal KQL text of a templated condition reads: `steps.later.output` in
 * `"steps.later.output: {{ event.v }}"`. Each tag is replaced by a placeholder and the rest parsed
 * as KQL; when that is not valid KQL (a tag standing for a whole expression), the dotted paths
 * outside quoted values are taken. Fields built from a tag (`steps.{{ x }}.output`) are left out:
 * they are only known at run time. The tags' own names are {@link templateNames}'s business.
 */
export function templatedConditionFields(text: string): string[] {
  const skeleton = text.replace(TAG, TAG_PLACEHOLDER);
  const fields = kqlFields(skeleton) ?? (skeleton.replace(QUOTED, '""').match(FIELD_LIKE) ?? []);
  return fields.filter((field) => !field.includes(TAG_PLACEHOLDER));
}

/** The fields of a KQL expression, or undefined when it does not parse. */
function kqlFields(text: string): string[] | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'true' || trimmed === 'false' || trimmed === '') return [];
  let ast: KqlNode;
  try {
    ast = parseKql(text);
  } catch {
    return undefined;
  }
  const fields: string[] = [];
  const walk = (node: KqlNode): void => {
    if (node.type === 'not') walk(node.expr);
    else if ('items' in node) node.items.forEach(walk);
    else fields.push(node.field);
  };
  walk(ast);
  return fields;
}
