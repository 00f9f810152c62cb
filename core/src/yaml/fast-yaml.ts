import type { LoadOptions, Schema, Type as YamlType } from 'js-yaml';
import type { SourceLocation } from '../contracts/problem';
import { deeperThan } from './nesting';

/** A mapping read by {@link readYamlFast}, and where some of its top-level values start. */
export interface FastYaml {
  value: Record<string, unknown>;
  /** By top-level key asked for and present: where its value starts, as `yaml` would locate it. */
  locations: Record<string, SourceLocation>;
}

/**
 * The fast read of a YAML mapping: js-yaml (on this machine 13x faster than the `yaml` package
 * at reading a workflow, and 4x quicker to load) where the document sticks to what both read
 * alike; otherwise nothing. It never reports a problem: a caller that gets nothing reads the
 * text with {@link YamlSource}, which says what is wrong and where. So js-yaml only has to
 * agree with `yaml` on what it accepts (test: fast-yaml.spec.ts, a differential fuzz):
 *
 * - plain scalars resolve by `yaml`'s core schema (its expressions, its parseInt/parseFloat),
 *   not js-yaml's own (which reads `1_000` and `0b11` as numbers, `+.5` as text);
 * - no tag is known (`!!str`, `!local`, `!<...>` make it give up), nor is the non-specific `!`;
 * - it gives up on anchors (and so on aliases, whose expansion the `yaml` path bounds), `%`
 *   directives (`%YAML 1.1` switches `yaml` to another schema), explicit `?` keys, keys that
 *   are collections or null (the parsers make different strings of them), and on the places
 *   where js-yaml is more lenient than `yaml` or reads otherwise: scalars and flow collections
 *   over several lines, tabs in indentation, a lone carriage return, a `#` glued to a quote or
 *   bracket, an empty list item, a block scalar with a line of spaces, a BOM past the start;
 * - it gives up on anything js-yaml cannot read (a duplicate key included), on a root that is
 *   not a mapping, and on documents nested deeper than the `yaml` path allows.
 *
 * @param locate - top-level keys whose values to locate (e.g. `name`, `enabled`)
 */
export function readYamlFast(text: string, file: string, locate: readonly string[] = []): FastYaml | undefined {
  if (MAYBE_DIRECTIVE.test(text) || MAYBE_EXPLICIT_KEY.test(text) || LONE_CR.test(text) || TAB_INDENT.test(text)
    || GLUED_COMMENT.test(text) || EMPTY_ITEM.test(text) || text.indexOf('\ufeff', 1) !== -1) return undefined;
  const { yaml, schema } = jsYaml();
  const watcher = new NodeWatcher(locate);
  let value: unknown;
  try {
    value = yaml.load(text, { schema, json: false, listener: watcher.listener } as unknown as LoadOptions);
  } catch {
    // Syntax errors, unknown tags, duplicate keys, what the watcher refused, a stack overflow.
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || deeperThan(value)) return undefined;
  const offsets = watcher.offsets(value as Record<string, unknown>);
  if (!offsets) return undefined;
  // js-yaml reads the text without a leading BOM; `yaml` counts it.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const locations: Record<string, SourceLocation> = {};
  for (const [key, offset] of Object.entries(offsets)) locations[key] = locationOf(text, offset + shift, file);
  return { value: value as Record<string, unknown>, locations };
}

const MAYBE_DIRECTIVE = /^%/m;
const MAYBE_EXPLICIT_KEY = /(?:^|[\s[{,])\?(?:[ \t\r\n]|$)/;
/** A carriage return alone ends a line for js-yaml (as in YAML 1.1), not for `yaml`. */
const LONE_CR = /\r(?!\n)/;
/** `yaml` refuses tabs in indentation in more places than js-yaml does. */
const TAB_INDENT = /^ *\t/m;
/** A `#` right after a quote or a bracket: a comment to js-yaml, an error to `yaml`. */
const GLUED_COMMENT = /["'\]}]#/;
/** A list item left empty on its line (`-`, then nothing or a comment): js-yaml misplaces what follows. */
const EMPTY_ITEM = /^[ \t]*(?:-[ \t]+)*-[ \t]*(?:#.*)?$/m;
const SPACES_ONLY_LINE = /\n[ \t]+(?:\r?\n|$)/;

type JsYaml = typeof import('js-yaml');
let loaded: { yaml: JsYaml; schema: Schema } | undefined;

/** js-yaml and a schema of `yaml`'s core scalars (yaml/dist/schema/core, in its order), loaded on first use. */
function jsYaml(): { yaml: JsYaml; schema: Schema } {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('js-yaml') as JsYaml;
    const scalar = (name: string, test: RegExp, construct: (text: string) => unknown): YamlType =>
      new yaml.Type(`tag:relayflow.dev,fast:${name}`, { kind: 'scalar', resolve: (data: unknown) => typeof data === 'string' && test.test(data), construct: (data: string) => construct(data) });
    const schema = new yaml.Schema({
      implicit: [
        scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
        scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'),
        scalar('int-oct', /^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)),
        scalar('int', /^[-+]?[0-9]+$/, (s) => parseInt(s, 10)),
        scalar('int-hex', /^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)),
        scalar('float-nan', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
          (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)),
        scalar('float-exp', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)),
        scalar('float', /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)),
      ],
    });
    loaded = { yaml, schema };
  }
  return loaded;
}

/** What js-yaml's listener sees of the node being read. */
interface NodeState {
  input: string;
  position: number;
  kind: string | null;
  tag: string | null;
  anchor: string | null;
  result: unknown;
}

class GiveUp extends Error {}

/**
 * Follows js-yaml's nodes as they open and close: refuses what the two parsers would read
 * differently, and notes where the values of the wanted top-level keys start.
 */
class NodeWatcher {
  private readonly starts: number[] = [];
  private readonly found = new Map<string, number>();
  private wantedKey?: string;
  private candidate?: { key: string; start: number };

  constructor(private readonly wanted: readonly string[]) {}

  readonly listener = (event: string, state: NodeState): void => {
    if (event === 'open') this.open(state);
    else this.close(state);
  };

  /** Offsets of the wanted keys' values, or undefined when one present in `value` was not located. */
  offsets(value: Record<string, unknown>): Record<string, number> | undefined {
    const out: Record<string, number> = {};
    for (const key of this.wanted) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const offset = this.found.get(key);
      if (offset === undefined) return undefined;
      out[key] = offset;
    }
    return out;
  }

  /** The first character of the node enclosing one that starts at `start` (js-yaml opens some nodes twice). */
  private parentOf(start: number, text: string): number {
    for (let i = this.starts.length - 1; i >= 0; i--) if (this.starts[i] !== start) return text.charCodeAt(this.starts[i]);
    return 0;
  }

  private open(state: NodeState): void {
    this.starts.push(firstContent(state.input, state.position));
    if (this.starts.length === 2 && this.wantedKey !== undefined) {
      this.candidate = { key: this.wantedKey, start: this.starts[1] };
    }
    this.wantedKey = undefined;
  }

  private close(state: NodeState): void {
    const text = state.input;
    const start = this.starts.pop() ?? 0;
    const depth = this.starts.length + 1;
    const parent = this.parentOf(start, text);
    if (state.anchor !== null || state.tag === '!') throw new GiveUp();
    const flowStyle = inFlowStyle(state.kind, text, start);
    // A scalar or flow collection over several lines (not a block scalar): the parsers differ
    // on how far its lines must be indented, and js-yaml reads some that `yaml` refuses.
    if (flowStyle && text.lastIndexOf('\n', state.position - 1) >= start) throw new GiveUp();
    // A block scalar with a line of spaces only: `yaml` refuses some that js-yaml reads.
    if (state.kind === 'scalar' && !flowStyle && SPACES_ONLY_LINE.test(text.slice(start, state.position))) throw new GiveUp();
    const key = isKey(text, state.position);
    if (key) {
      // The parsers make different strings of a key that is a collection or null.
      if (state.kind !== 'scalar' || state.result === null) throw new GiveUp();
    } else if (state.kind !== 'scalar' && state.kind !== null && parent === 0x7b /* { */ && !afterColon(text, start)) {
      // A collection in a flow mapping, not after a `:`, is a key without a value.
      throw new GiveUp();
    }
    if (depth === 2) {
      const candidate = this.candidate;
      this.candidate = undefined;
      if (key) {
        if (typeof state.result === 'string' && this.wanted.includes(state.result)) this.wantedKey = state.result;
      } else if (candidate && state.result !== null && text.charCodeAt(candidate.start) !== 0x23 /* # */) {
        // (An empty or null value is left to the `yaml` path: it locates it on the key's line.)
        this.found.set(candidate.key, candidate.start);
      }
    }
  }
}

/** Whether the node that ended at `position` is a mapping key: a `:` follows it (spaces aside). */
function isKey(text: string, position: number): boolean {
  let i = position;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return text.charCodeAt(i) === 0x3a;
}

/** Whether a `:` comes right before `position` (white space aside): the node there is a value. */
function afterColon(text: string, position: number): boolean {
  let i = position - 1;
  for (let c = text.charCodeAt(i); i >= 0 && (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d); c = text.charCodeAt(--i));
  return text.charCodeAt(i) === 0x3a;
}

/** Where a node's own text starts: after the spaces and line breaks before it. */
function firstContent(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

/** A scalar but a block scalar (`|`, `>`), or a flow collection (`[...]`, `{...}`). */
function inFlowStyle(kind: string | null, text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (kind === 'scalar') return c !== 0x7c && c !== 0x3e;
  return c === 0x5b || c === 0x7b;
}

/** Line and column (1-based) of an offset, counted as `yaml`'s LineCounter does. */
function locationOf(text: string, offset: number, file: string): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, col: offset - lineStart + 1 };
}
