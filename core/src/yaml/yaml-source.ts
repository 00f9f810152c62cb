import type { CST, Document, LineCounter, Node, YAMLError } from 'yaml';
import { deeperThan, MAX_YAML_DEPTH, tooDeepIn } from './nesting';
import type { Problem, SourceLocation } from '../contracts/problem';
import { formatPath, toProblem, type FieldPath, type FieldProblem } from '../validation/class-validation';

/**
 * The `yaml` package, loaded when a file is first read this way: a valid workflow or config is
 * read by the fast path (fast-yaml.ts), so most commands never load it.
 */
export function yamlPackage(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof import('yaml');
}

/**
 * A parsed YAML file that remembers where everything came from, so any problem found later
 * (by path) can be reported as `FILE:LINE:COL`.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses YAML text. Syntax errors (including duplicate keys) come back as problems with locations.
   * @param text - the YAML text
   * @param file - the file name used in locations
   */
  static parse(text: string, file: string): { source: YamlSource; problems: Problem[] } {
    const { isMap, isSeq, LineCounter, Parser, visit } = yamlPackage();
    const lines = new LineCounter();
    // parseDocument's own steps, with the nesting checked between parsing and composing.
    const tokens = [...new Parser(lines.addNewLine).parse(text)];
    const tooDeep = tooDeepIn(tokens);
    const doc = compose(tooDeep === undefined ? tokens : [], text.length);
    const source = new YamlSource(file, doc, lines);
    if (tooDeep !== undefined) {
      return { source, problems: [{ code: 'YAML_SYNTAX', message: nestingMessage(''), location: source.at(tooDeep) }] };
    }
    const problems: Problem[] = doc.errors.map((e) => ({ code: 'YAML_SYNTAX', message: describeError(e, text), location: source.at(e.pos[0]) }));
    visit(doc, {
      // Tags that make something JSON has no form for (a Map, a Set, bytes, a Date) or that no
      // schema knows: refused, so every value is a string, number, boolean, null, mapping or list.
      Node: (_key, node) => {
        const tag = (node as { tag?: string }).tag;
        if (tag !== undefined && !JSON_TAGS.has(tag)) {
          problems.push({ code: 'YAML_SYNTAX', message: `the YAML tag ${shortTag(tag)} is not supported: values are strings, numbers, booleans, null, mappings and lists; remove the tag`, location: source.at(node.range?.[0] ?? 0) });
        }
      },
      // A list or mapping as a key (`? [a, b]`) has no JavaScript form: refused here, not stringified with a process warning.
      Pair: (_key, pair) => {
        if (isMap(pair.key) || isSeq(pair.key)) {
          problems.push({ code: 'YAML_SYNTAX', message: 'a key must be a plain value (a string or a number), not a list or a mapping', location: source.at((pair.key as Node).range?.[0] ?? 0) });
        }
      },
      Alias: (_key, alias) => {
        if (!alias.resolve(doc)) {
          problems.push({ code: 'YAML_SYNTAX', message: `alias *${alias.source} refers to no anchor &${alias.source} defined before it`, location: source.at(alias.range?.[0] ?? 0) });
        }
      },
    });
    return { source, problems };
  }

  /**
   * The document as plain JavaScript values, or a problem when aliases would expand it beyond
   * reason (a "billion laughs" document).
   */
  toJS(): { value: unknown; problems: Problem[] } {
    let value: unknown;
    try {
      value = this.doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const message = err instanceof RangeError ? nestingMessage(' once its aliases are expanded') : `the document cannot be read: ${(err as Error).message}`;
      return { value: undefined, problems: [{ code: 'YAML_SYNTAX', message, location: this.at(0) }] };
    }
    if (deeperThan(value)) return { value: undefined, problems: [{ code: 'YAML_SYNTAX', message: nestingMessage(' once its aliases are expanded'), location: this.at(0) }] };
    return { value, problems: [] };
  }

  /** The location of a character offset. */
  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  /**
   * Where a path points: at its key (`key`), its value (`value`), or — when the path does not
   * exist, e.g. a missing key — the closest enclosing node that does.
   */
  locate(path: FieldPath, at: FieldProblem['at'] = 'value'): SourceLocation {
    const { isMap, isPair, isScalar, isSeq } = yamlPackage();
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    let lastFound: Node | undefined = this.doc.contents ?? undefined;
    let lastKey: Node | undefined;
    const target = at === 'parent' ? path.slice(0, -1) : path;
    for (const segment of target) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) { node = undefined; break; }
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        keyNode = undefined;
      } else {
        node = undefined;
        break;
      }
      if (node && (node as Node).range) { lastFound = node as Node; lastKey = keyNode; }
      else if (keyNode) { lastFound = undefined; lastKey = keyNode; }
    }
    const pick = at === 'key' || at === 'parent' ? (lastKey ?? lastFound) : (lastFound ?? lastKey);
    const offset = pick?.range?.[0] ?? 0;
    return this.at(offset);
  }

  /** A located problem from a path problem (its path, field path and code kept). */
  problem(p: FieldProblem): Problem {
    return { ...toProblem(p), location: this.locate(p.path, p.at) };
  }

  /**
   * Replaces `${env:NAME}` in every string scalar with the environment variable.
   * @returns a problem per missing variable, located at its scalar
   */
  substituteEnv(env: NodeJS.ProcessEnv): Problem[] {
    const { visit } = yamlPackage();
    const problems: Problem[] = [];
    visit(this.doc, {
      Scalar: (_key, scalar, ancestors) => {
        if (typeof scalar.value !== 'string' || !scalar.value.includes('${env:')) return;
        scalar.value = scalar.value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
          const value = env[name];
          if (value === undefined) {
            const fieldPath = pathTo(ancestors, scalar);
            problems.push({
              path: formatPath(fieldPath), fieldPath, code: 'ENV_NOT_SET',
              message: `environment variable ${name} is not set (referenced as \${env:${name}})`, location: this.at(scalar.range?.[0] ?? 0),
            });
            return '';
          }
          return value;
        });
      },
    });
    return problems;
  }

  /** Removes the value at a path (a mapping's key and value, or a list's item); nothing when it is absent. */
  remove(path: FieldPath): void {
    if (path.length) this.doc.deleteIn([...path]);
  }
}

/** The one document of the tokens, composed as `parseDocument` does (an empty one for no tokens). */
function compose(tokens: CST.Token[], length: number): Document.Parsed {
  const { Composer, YAMLParseError } = yamlPackage();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc as Document.Parsed;
}

/** Tags whose values are JSON's: written out (`!!str 1`) they change nothing Relayflow cannot read. */
const JSON_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** `tag:yaml.org,2002:omap` → `!!omap`. */
function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function nestingMessage(how: string): string {
  return `the document nests deeper than ${MAX_YAML_DEPTH} levels${how} (the limit for a YAML file); flatten it`;
}

/** The path of a node from the ancestors `visit` gives: a mapping's keys, a list's indices. */
function pathTo(ancestors: readonly unknown[], node: unknown): FieldPath {
  const { isPair, isScalar, isSeq } = yamlPackage();
  const path: Array<string | number> = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isPair(parent) && parent.value === child) path.push(isScalar(parent.key) ? String(parent.key.value) : String(parent.key));
    else if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
  }
  return path;
}

function describeError(error: YAMLError, text: string): string {
  if (error.code === 'MULTIPLE_DOCS') return "the file holds more than one YAML document (a '---' separator); keep one document per file";
  if (error.code === 'DUPLICATE_KEY') {
    // The error spans only part of a flow-mapping key: read the key up to its colon.
    const key = /^("(?:\\.|[^"\\\n])*"|'(?:''|[^'\n])*'|[^\n:]*?)\s*:/.exec(text.slice(error.pos[0], error.pos[0] + 200))?.[1];
    if (key) return `duplicate key ${/^["']/.test(key) ? key : `"${key}"`}: the keys of a mapping must be unique`;
  }
  return withoutSource(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
}

/**
 * The parser's message without the source text some of its messages quote (`Unexpected scalar
 * token in YAML stream: "..."`), unless it is punctuation (`"]"`): the location says where, and
 * a relayflow.yaml line may hold a secret.
 */
function withoutSource(message: string): string {
  return message.replace(/^(Unexpected \S+ token in YAML stream|Block scalar header includes extra characters): (.*)$/,
    (_m, what: string, quoted: string) => (/^"[^\p{L}\p{N}"\\]{1,3}"$/u.test(quoted) ? `${what}: ${quoted}` : what));
}

