import Mustache from 'mustache';
import { RelayflowError } from '../errors/relayflow-error';
import type { TemplateContext } from '../contracts/compiled-workflow';
import { setOwn } from '../validation/prototype-keys';
import { pathSegments, resolvePath, SafeContext } from './safe-context';

export type { TemplateContext };

/** A Mustache token as mustache.js produces it: `[kind, value, start, end, children?, ...]`. */
type Token = [string, string, number, number, Token[]?, ...unknown[]];

const TYPED = /^\$\{\{\s*([^{}]*?)\s*\}\}$/;
const MAX_CACHED = 5000;

/**
 * Renders Mustache without HTML escaping: objects and arrays become JSON text, numbers and
 * booleans their text, missing values the empty string. Partials are never loaded.
 */
class PlainWriter extends Mustache.Writer {
  override escapedValue(token: string[], context: Mustache.Context): string {
    return valueText(context.lookup(token[1]));
  }

  override unescapedValue(token: string[], context: Mustache.Context): string {
    return valueText(context.lookup(token[1]));
  }

  override renderPartial(): string {
    return '';
  }
}

const writer = new PlainWriter();
const cache = new Map<string, Token[]>();

/**
 * How a value prints inside a template: strings as they are, objects and arrays as JSON,
 * `null`/`undefined` as the empty string.
 */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
  return typeof value === 'function' ? '' : String(value);
}

/** True when a string holds Mustache tags (`{{ }}`), i.e. is rendered rather than used as is. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** True when a value (deeply) holds a template string. */
export function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return isTemplate(value);
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(containsTemplate);
  return false;
}

/**
 * The path of a whole-string typed expression: `${{ steps.x.output }}` → `steps.x.output`.
 * @returns the path, or undefined when the string is not exactly one `${{ path }}`
 */
export function typedExpression(text: string): string | undefined {
  if (text.length < 5 || text.charCodeAt(0) !== 36 /* $ */) return undefined;
  const match = TYPED.exec(text);
  return match ? match[1] : undefined;
}

/**
 * A typed value as a copy, so what a step receives or stores never aliases the live context
 * (`${{ variables }}` into `data.set` would otherwise make the context contain itself). A
 * missing value is the empty string, as everywhere in templates (and in GitHub Actions).
 */
function snapshot(value: unknown): unknown {
  if (value === undefined) return '';
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/**
 * Parses a template once and caches its tokens.
 * @throws RelayflowError `WORKFLOW_INVALID` with `details.offset` (0-based, in the template) for a syntax error
 */
export function parseTemplate(template: string): Token[] {
  let tokens = cache.get(template);
  if (!tokens) {
    try {
      // Inside a longer string `${{ x }}` interpolates like `{{ x }}` (as GitHub Actions users expect).
      tokens = Mustache.parse(template.includes('${{') ? template.replace(/\$\{\{/g, '{{') : template) as unknown as Token[];
    } catch (err) {
      const message = (err as Error).message;
      const at = /at (\d+)\s*$/.exec(message);
      throw new RelayflowError('WORKFLOW_INVALID', `template syntax error: ${message.replace(/ at \d+\s*$/, '')}`, {
        details: { offset: at ? Number(at[1]) : 0 },
      });
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(template, tokens);
  }
  return tokens;
}

/**
 * Renders one template string to text (contract §4.2). A string without `{{` is returned as is.
 * @throws RelayflowError `WORKFLOW_INVALID` for a template syntax error
 */
export function renderTemplate(template: string, context: TemplateContext): string {
  if (!isTemplate(template)) return template;
  const tokens = parseTemplate(template);
  return writer.renderTokens(tokens as unknown as string[][], new SafeContext(context), undefined, template, undefined);
}

/**
 * Renders a value the way `with` is rendered: every string (in arrays and object values, never
 * keys) is a template; a string that is exactly `${{ path }}` becomes the value at `path`, keeping
 * its type (the empty string when there is none); everything else is returned unchanged.
 */
export function renderValue(value: unknown, context: TemplateContext): unknown {
  if (typeof value === 'string') {
    const path = typedExpression(value);
    if (path !== undefined) return snapshot(resolvePath(context, path));
    return renderTemplate(value, context);
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, context));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, renderValue((value as Record<string, unknown>)[key], context));
    return out;
  }
  return value;
}

/**
 * Precompiles a value for repeated rendering: templates are parsed now (syntax errors surface
 * at validation), and parts without templates are returned as they are, without copying.
 * @throws RelayflowError `WORKFLOW_INVALID` for a template syntax error
 */
export function compileValue(value: unknown): (context: TemplateContext) => unknown {
  if (typeof value === 'string') {
    const path = typedExpression(value);
    if (path !== undefined) {
      const segments = pathSegments(path);
      return (context) => snapshot(resolvePath(context, segments));
    }
    if (!isTemplate(value)) return () => value;
    const tokens = parseTemplate(value) as unknown as string[][];
    return (context) => writer.renderTokens(tokens, new SafeContext(context), undefined, value, undefined);
  }
  if (!containsTemplate(value)) return () => value;
  if (Array.isArray(value)) {
    const items = value.map(compileValue);
    return (context) => items.map((render) => render(context));
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, compileValue(item)] as const);
  return (context) => {
    const out: Record<string, unknown> = {};
    for (const [key, render] of entries) setOwn(out, key, render(context));
    return out;
  };
}

/**
 * The variable names a template uses (`steps.fetch.output.data`, `event.name`, ...), including
 * those of a `${{ path }}` expression.
 * @throws RelayflowError `WORKFLOW_INVALID` for a template syntax error
 */
export function templateNames(template: string): string[] {
  const path = typedExpression(template);
  if (path !== undefined) return [path];
  if (!isTemplate(template)) return [];
  const names: string[] = [];
  const walk = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (token[0] === 'name' || token[0] === '&' || token[0] === '#' || token[0] === '^') names.push(token[1]);
      if (token[4]) walk(token[4]);
    }
  };
  walk(parseTemplate(template));
  return names;
}
