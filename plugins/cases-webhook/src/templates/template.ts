import { encodePathSegment } from '@relayflow/sdk';
import Mustache from 'mustache';

/** What a template produces: a JSON body or a URL. */
export type TemplateKind = 'json' | 'url';

/**
 * Where a variable sits, which decides how its value is written:
 * - `value`: in a JSON body outside a string: the value as JSON (`"text"`, `["a","b"]`, `null`);
 * - `string`: inside a JSON string literal: the value's text, JSON-escaped (no quotes added);
 * - `path`: in a URL's path: the value's text as (part of) one path segment, with the SDK's
 *   encodePathSegment: encodeURIComponent, and a value of exactly `.` or `..` refused, as a URL
 *   would resolve it to another path (refused even when the template adds text around it);
 * - `url`: in a URL's query or fragment: the value's text, URL-encoded with encodeURIComponent.
 */
type Slot = 'value' | 'string' | 'path' | 'url';

type TemplateNode =
  | { t: 'text'; text: string }
  | { t: 'var'; name: string; slot: Slot }
  | { t: 'section'; name: string; inverted: boolean; children: TemplateNode[] };

/** A template that could not be parsed, or uses something this connector does not offer. */
export class TemplateError extends Error {}

/** A name the template refers to, with the names of the sections around it (outermost first). */
export interface TemplateReference {
  name: string;
  sections: readonly string[];
}

/**
 * A Mustache template compiled once, rendered many times. Rendering is context-aware (see
 * {@link Slot}) and never HTML-escapes, so `{{x}}` and `{{{x}}}` behave the same: the position
 * of the tag decides the encoding, not the number of braces. Sections (`{{#x}}…{{/x}}`) and
 * inverted sections (`{{^x}}…{{/x}}`) work as in Mustache; partials are refused.
 */
export class CompiledTemplate {
  /** Every variable and section name the template uses. */
  readonly references: readonly TemplateReference[];
  /** For a URL template: the text before the first tag (the literal part). */
  readonly literalPrefix: string;

  constructor(readonly source: string, readonly kind: TemplateKind, private readonly nodes: TemplateNode[], firstTagAt: number) {
    const refs: TemplateReference[] = [];
    collectReferences(nodes, [], refs);
    this.references = refs;
    this.literalPrefix = firstTagAt < 0 ? source : source.slice(0, firstTagAt);
  }

  /** True when the template has no tags at all. */
  get isLiteral(): boolean {
    return this.literalPrefix === this.source;
  }

  /**
   * Renders against `view`. A missing variable renders as `null` in a JSON value position and
   * as the empty string elsewhere.
   * @throws RelayflowError `VALIDATION_FAILED` when a variable in a URL's path is `.` or `..`
   */
  render(view: object): string {
    return renderNodes(this.nodes, new Mustache.Context(view));
  }
}

const cache = new Map<string, CompiledTemplate>();
const CACHE_LIMIT = 1000;

/**
 * Parses a template once; later calls with the same text return the cached compilation.
 * @throws TemplateError when Mustache cannot parse it or it uses a partial
 */
export function compileTemplate(source: string, kind: TemplateKind): CompiledTemplate {
  const key = `${kind}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let tokens: unknown[][];
  try {
    tokens = Mustache.parse(source) as unknown[][];
  } catch (err) {
    throw new TemplateError(`is not a valid Mustache template: ${(err as Error).message}`);
  }
  const state: ScanState = { inString: false, escaped: false, afterPath: false, firstTagAt: -1 };
  const nodes = toNodes(tokens, kind, state);
  const compiled = new CompiledTemplate(source, kind, nodes, state.firstTagAt);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Where the scan of a template's text is: in a JSON string, and past a URL's path. */
interface ScanState {
  inString: boolean;
  escaped: boolean;
  /** A `?` or `#` was seen outside sections: later URL variables are in the query or fragment. */
  afterPath: boolean;
  firstTagAt: number;
}

function toNodes(tokens: unknown[][], kind: TemplateKind, state: ScanState, depth = 0): TemplateNode[] {
  const nodes: TemplateNode[] = [];
  for (const token of tokens) {
    const type = token[0] as string;
    const value = token[1] as string;
    if (type !== 'text' && state.firstTagAt < 0) state.firstTagAt = token[2] as number;
    switch (type) {
      case 'text':
        if (kind === 'json') scanJson(value, state);
        // A ? or # inside a section may not be rendered: only top-level text ends the path.
        else if (depth === 0 && /[?#]/.test(value)) state.afterPath = true;
        nodes.push({ t: 'text', text: value });
        break;
      case 'name':
      case '&':
        nodes.push({ t: 'var', name: value, slot: kind === 'url' ? (state.afterPath ? 'url' : 'path') : state.inString ? 'string' : 'value' });
        break;
      case '#':
      case '^':
        nodes.push({ t: 'section', name: value, inverted: type === '^', children: toNodes(token[4] as unknown[][], kind, state, depth + 1) });
        break;
      case '>':
        throw new TemplateError(`uses a partial ({{> ${value}}}); partials are not supported`);
      default:
        // comments ('!') and delimiter changes ('=') produce no output
        break;
    }
  }
  return nodes;
}

/** Tracks whether the template text is inside a JSON string literal. */
function scanJson(text: string, state: { inString: boolean; escaped: boolean }): void {
  for (const c of text) {
    if (!state.inString) {
      if (c === '"') state.inString = true;
    } else if (state.escaped) {
      state.escaped = false;
    } else if (c === '\\') {
      state.escaped = true;
    } else if (c === '"') {
      state.inString = false;
    }
  }
}

function collectReferences(nodes: TemplateNode[], sections: readonly string[], out: TemplateReference[]): void {
  for (const n of nodes) {
    if (n.t === 'var') out.push({ name: n.name, sections });
    if (n.t === 'section') {
      out.push({ name: n.name, sections });
      collectReferences(n.children, [...sections, n.name], out);
    }
  }
}

function renderNodes(nodes: TemplateNode[], ctx: Mustache.Context): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'var') out += formatValue(ctx.lookup(n.name), n.slot, n.name);
    else {
      const value = ctx.lookup(n.name);
      const empty = !value || (Array.isArray(value) && value.length === 0);
      if (n.inverted) {
        if (empty) out += renderNodes(n.children, ctx);
      } else if (!empty) {
        if (Array.isArray(value)) for (const item of value) out += renderNodes(n.children, ctx.push(item));
        else out += renderNodes(n.children, typeof value === 'object' || typeof value === 'string' || typeof value === 'number' ? ctx.push(value) : ctx);
      }
    }
  }
  return out;
}

function formatValue(value: unknown, slot: Slot, name: string): string {
  if (slot === 'value') return value === undefined || typeof value === 'function' ? 'null' : JSON.stringify(value);
  const text = asText(value);
  if (slot === 'string') return JSON.stringify(text).slice(1, -1);
  return slot === 'path' ? encodePathSegment(text, `variable ${name}`) : encodeURIComponent(text);
}

function asText(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'function') return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
