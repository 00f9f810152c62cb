import fc from 'fast-check';

/**
 * A generated value, kept as the text it is written with: JSON numbers beyond a double (`1e400`,
 * 30-digit integers), duplicate keys, `__proto__` as an own key and YAML-only scalars (tags,
 * `.inf`) survive until the file is written, which a JavaScript object would lose.
 */
export type Tree =
  | { t: 'obj'; entries: Array<[string, Tree]> }
  | { t: 'arr'; items: Tree[] }
  /** A scalar: its JSON text, and (when YAML has another spelling, e.g. a tag) its YAML text. */
  | { t: 'leaf'; json: string; yaml?: string }
  /** `inner` nested `depth` levels deep in arrays or in objects under `key`. */
  | { t: 'deep'; depth: number; key?: string; inner: Tree };

/** The names of Object.prototype's members (and `prototype`, `then`) that broke code before. */
export const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype',
  'propertyIsEnumerable', 'isPrototypeOf', 'toLocaleString', '__defineGetter__', '__lookupGetter__', 'then'];

/** Numbers as written: beyond a double, at its edges, negative zero, exponents. */
const NUMBER_TEXTS = ['0', '-0', '1', '-1', '0.1', '1e400', '-1e400', '1e-400', '5e-324', '1.7976931348623157e308',
  '9007199254740993', '-9007199254740993', '123456789012345678901234567890', '2147483648', '4294967296', '1E+2',
  '99999999999999999999', '0.30000000000000004'];

/** Strings that mean something to YAML, Mustache, KQL, paths, shells or terminals. */
const SPECIAL_STRINGS = ['', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ufeff', '\u202e', '\u001b[31mred', '\r\n',
  '{{', '}}', '{{ event }}', '{{{ event }}}', '{{& event }}', '${{ event }}', '${{ event.constructor }}', '{{ event.__proto__ }}',
  '{{#event}}{{.}}{{/event}}', '{{^event}}none{{/event}}', '{{> partial }}', '{{=<% %>=}}<% event %>', '{{ constructor.name }}',
  '{{ steps.a.output.toString }}', '{{ event.hosts.length }}', '{{ foreach.item.constructor }}', '{{ event.x.0.y }}',
  '{{ event[0] }}', '${{ inputs }}', '${{ consts.__proto__ }}', '{{ variables.hasOwnProperty }}', '{{!comment}}',
  'a: b', '- x', '#', '&a', '*a', '!!js/function', '<<', '---', '...', '%TAG', '? x', '|', '>', '@', '`', '"', "'",
  'true', 'false', 'null', '~', 'yes', 'no', 'on', '0x1F', '1e400', '.inf', '.nan', 'NaN', 'Infinity',
  'event.severity: critical', 'not (a: 1 or b > 2)', 'x: *', 'a.length >= 3', 'field: "q', '((((', 'and or not',
  'https://example.com', 'http://user:pass@127.0.0.1:1/x', 'file:///etc/passwd', 'javascript:alert(1)', '//x', '../../etc',
  '5s', '1h', '24d', '25d', '-1s', '0s', '9999999999999d', '1mb', '10gb', 'P1D',
  '00000000-0000-0000-0000-000000000000', 'a'.repeat(300), 'é'.repeat(50), '😀'.repeat(20)];

/** A key: a name from the prototype, a workflow key, something ordinary, or something odd. */
export const keyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom('name', 'type', 'with', 'steps', 'if', 'foreach', 'condition', 'else', 'connector-id',
    'on-failure', 'retry', 'fallback', 'continue', 'timeout', 'max-attempts', 'delay', 'message', 'duration', 'url', 'method',
    'headers', 'body', 'query', 'severity', 'hosts', 'a', 'b', 'x') },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a.b', '[0]', '$ref', 'k\u0000', '\ud800', '{{ x }}', '-', '0', '1e3', 'a'.repeat(200)) },
);

/** A string: ordinary, full Unicode (lone surrogates included), or one of the special ones. */
export const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A number as JSON text. */
export const numberTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NUMBER_TEXTS),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
);

/** A scalar, as JSON text (and sometimes a YAML-only spelling). */
export const leafArb: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: stringArb.map((s) => leaf(JSON.stringify(s))) },
  { weight: 2, arbitrary: numberTextArb.map((n) => leaf(n)) },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null').map((v) => leaf(v)) },
  { weight: 1, arbitrary: fc.constantFrom('!!binary aGVsbG8=', '!!timestamp 2001-12-14', '!!float .nan', '.inf', '-.inf', '0x1F', '0o17',
    '1_000', '~', '!custom x', '!!set { a, b }', '!!omap [ a: 1 ]', '!!js/undefined', '!!str 1', '!!int "x"', '2001-12-14t21:59:43.10-05:00')
    .map((yaml) => ({ t: 'leaf' as const, json: '"yaml-only"', yaml })) },
);

/** `arb`'s value `percent`% of the time, else `undefined` (the key is left out). */
export function maybe<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });
}

/** A scalar's tree. */
export function leaf(json: string): Tree {
  return { t: 'leaf', json };
}

/** An object's tree; entries whose value is `undefined` are left out. */
export function obj(entries: Array<[string, Tree | undefined]>): Tree {
  return { t: 'obj', entries: entries.filter((e): e is [string, Tree] => e[1] !== undefined) };
}

/** A string's tree. */
export function str(value: string): Tree {
  return leaf(JSON.stringify(value));
}

/**
 * A JSON value: objects with any keys (the prototype's names), arrays, scalars, now and then
 * nesting near or far past the limits. `tame`: JSON a parser takes (unique keys, no YAML-only
 * scalars, no nesting past the limits), so the case gets past parsing to what uses the value.
 */
function jsonTreeArb(tame: boolean): fc.Arbitrary<Tree> {
  return fc.letrec<{ tree: Tree; node: Tree }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: tame ? tameLeafArb : leafArb },
      { weight: 4, arbitrary: tie('node') },
      { weight: tame ? 0 : 1, arbitrary: deepArb(tie('tree')) }),
    node: fc.oneof(
      (tame ? fc.uniqueArray(fc.tuple(keyArb, tie('tree')), { maxLength: 5, selector: ([k]) => k }) : fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 5 }))
        .map((entries): Tree => ({ t: 'obj', entries })),
      fc.array(tie('tree'), { maxLength: 5 }).map((items): Tree => ({ t: 'arr', items })),
    ),
  })).tree;
}

/** A scalar JSON takes as it is. */
const tameLeafArb: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: stringArb.map((s) => leaf(JSON.stringify(s))) },
  { weight: 2, arbitrary: numberTextArb.map((n) => leaf(n)) },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null').map((v) => leaf(v)) },
);

/** Any JSON value (duplicate keys, YAML-only scalars and deep nesting included). */
export const treeArb: fc.Arbitrary<Tree> = jsonTreeArb(false);

/** A JSON value a parser takes: unique keys (any names), no nesting past the limits. */
export const tameTreeArb: fc.Arbitrary<Tree> = jsonTreeArb(true);

/** An object (what an event, `with`, consts or a connector's config is). */
export const objectTreeArb: fc.Arbitrary<Tree> = objectOf(treeArb);

/** An object a parser takes, with keys of any name. */
export const tameObjectArb: fc.Arbitrary<Tree> = objectOf(tameTreeArb);

function objectOf(values: fc.Arbitrary<Tree>): fc.Arbitrary<Tree> {
  return fc.uniqueArray(fc.tuple(keyArb, values), { maxLength: 6, selector: ([k]) => k }).map((entries): Tree => ({ t: 'obj', entries }));
}

/** `inner` nested deep: mostly around the 100-level limit, sometimes far beyond it. */
export function deepArb(inner: fc.Arbitrary<Tree>): fc.Arbitrary<Tree> {
  const depth = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 2, max: 20 }) }, { weight: 2, arbitrary: fc.integer({ min: 95, max: 105 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }) });
  return fc.record({ depth, key: fc.option(fc.constantFrom(...PROTO_NAMES, 'a'), { nil: undefined }), inner })
    .map(({ depth: d, key, inner: i }): Tree => ({ t: 'deep', depth: d, key, inner: i }));
}

/** The tree as JSON text (flow style, which YAML reads too). */
export function jsonText(tree: Tree, yamlLeaves = false): string {
  switch (tree.t) {
    case 'leaf': return yamlLeaves && tree.yaml !== undefined ? tree.yaml : tree.json;
    case 'arr': return `[${tree.items.map((i) => jsonText(i, yamlLeaves)).join(',')}]`;
    case 'obj': return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v, yamlLeaves)}`).join(',')}}`;
    case 'deep': {
      const open = tree.key === undefined ? '[' : `{${JSON.stringify(tree.key)}:`;
      const close = tree.key === undefined ? ']' : '}';
      return `${open.repeat(tree.depth)}${jsonText(tree.inner, yamlLeaves)}${close.repeat(tree.depth)}`;
    }
  }
}

/**
 * The tree as block YAML: mappings and sequences on their own lines, keys and strings
 * double-quoted (JSON escapes are YAML escapes), deep nesting and YAML-only leaves in flow style.
 */
export function yamlText(tree: Tree, indent = ''): string {
  if (tree.t === 'obj' && tree.entries.length) {
    return tree.entries.map(([k, v]) => `${indent}${JSON.stringify(k)}:${blockValue(v, indent)}`).join('\n');
  }
  if (tree.t === 'arr' && tree.items.length) {
    return tree.items.map((v) => `${indent}-${blockValue(v, indent)}`).join('\n');
  }
  return `${indent}${jsonText(tree, true)}`;
}

function blockValue(v: Tree, indent: string): string {
  const nested = (v.t === 'obj' && v.entries.length > 0) || (v.t === 'arr' && v.items.length > 0);
  return nested ? `\n${yamlText(v, `${indent}  `)}` : ` ${jsonText(v, true)}`;
}
