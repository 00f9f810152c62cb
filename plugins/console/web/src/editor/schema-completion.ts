import type { CompletionContext, CompletionResult, Completion } from '@codemirror/autocomplete';
import type { JsonSchema } from '../types';

/**
 * Completion for workflow YAML from the JSON Schema `relayflow schema` makes (served at
 * GET /api/workflow_schema): keys of the mapping the cursor is in, and the values a key allows
 * (enums: step types, statuses; booleans). The path is read from indentation, so it works on
 * half-typed lines that do not parse yet; a step's `type:` picks the matching `with` schema.
 *
 * Written here rather than taken from codemirror-json-schema, which brings shiki and markdown-it
 * (megabytes) for hover text the console does not show.
 */
export function schemaCompletion(root: JsonSchema) {
  return (context: CompletionContext): CompletionResult | null => {
    const { state, pos } = context;
    const line = state.doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from);
    const lines = state.doc.toString().split('\n');
    const lineIndex = line.number - 1;
    const valueMatch = /^(\s*(?:-\s+)*)([A-Za-z0-9_.-]+):\s+([^#]*)$/.exec(before);
    if (valueMatch) {
      const keyCol = valueMatch[1].length;
      const schema = schemaAt(root, lines, lineIndex, keyCol);
      const prop = schema ? propertiesOf(root, schema, lines, lineIndex, keyCol)[valueMatch[2]] : undefined;
      const values = prop ? valuesOf(root, prop) : [];
      if (!values.length) return null;
      return { from: pos - valueMatch[3].length, options: values.map((v) => ({ label: v, type: 'enum' })), validFor: /^[\w.-]*$/ };
    }
    const keyMatch = /^(\s*(?:-\s+)*)([A-Za-z0-9_.-]*)$/.exec(before);
    if (!keyMatch || (!context.explicit && keyMatch[2] === '' && !/-\s+$/.test(keyMatch[1]))) return null;
    const keyCol = keyMatch[1].length;
    const schema = schemaAt(root, lines, lineIndex, keyCol);
    if (!schema) return null;
    const props = propertiesOf(root, schema, lines, lineIndex, keyCol);
    const present = siblingKeys(lines, lineIndex, keyCol);
    const options: Completion[] = Object.entries(props)
      .filter(([key]) => !present.has(key))
      .map(([key, prop]) => ({ label: key, type: 'property', detail: describe(root, prop), apply: `${key}: ` }));
    return options.length ? { from: pos - keyMatch[2].length, options, validFor: /^[\w.-]*$/ } : null;
  };
}

interface Tokens { dashes: number[]; keyCol: number; key?: string; value?: string }

/** A line's sequence dashes, where its key starts, the key and its inline value. */
function tokens(text: string): Tokens | undefined {
  if (!text.trim() || /^\s*#/.test(text)) return undefined;
  const dashes: number[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === text.length)) {
      dashes.push(i);
      i++;
      continue;
    }
    break;
  }
  const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(text.slice(i));
  return { dashes, keyCol: i, key: m?.[1], value: m?.[2]?.replace(/\s+#.*$/, '').trim() };
}

/** One step of a path: a key (at its line and column) or 0 for "an item of a list". */
interface Segment { seg: string | 0; line: number; col: number }

/** The path to the mapping whose keys start at `col` on line `index`, outermost first. */
function pathAt(lines: string[], index: number, col: number): Segment[] {
  const path: Segment[] = [];
  let t = col;
  const own = tokens(lines[index]) ?? { dashes: [], keyCol: col };
  for (const d of [...own.dashes].reverse()) {
    if (d < t) { path.unshift({ seg: 0, line: index, col: d }); t = d; }
  }
  for (let i = index - 1; i >= 0 && t > 0; i--) {
    const tk = tokens(lines[i]);
    if (!tk) continue;
    const marks: Array<{ col: number; key?: string }> = [...tk.dashes.map((d) => ({ col: d })), ...(tk.key !== undefined ? [{ col: tk.keyCol, key: tk.key }] : [])];
    for (const mark of marks.reverse()) {
      if (mark.col >= t) continue;
      path.unshift({ seg: mark.key ?? 0, line: i, col: mark.col });
      t = mark.col;
    }
  }
  return path;
}

/** The values of keys in the same mapping (the block at `col` around line `index`). */
function mappingValues(lines: string[], index: number, col: number): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (i: number): boolean => {
    const tk = tokens(lines[i]);
    if (!tk) return true;
    if (tk.keyCol === col && tk.key !== undefined) found.set(tk.key, tk.value ?? '');
    if (tk.keyCol < col) return false;
    // The first line of a list item ("- name: x") opens the mapping: stop above it.
    return !(tk.keyCol === col && tk.dashes.length > 0 && tk.dashes[tk.dashes.length - 1] < col);
  };
  const first = tokens(lines[index]);
  const opensHere = first && first.keyCol === col && first.dashes.some((d) => d < col);
  if (!opensHere) for (let i = index - 1; i >= 0 && visit(i); i--);
  for (let i = index + 1; i < lines.length; i++) {
    const tk = tokens(lines[i]);
    if (tk && (tk.keyCol < col || (tk.keyCol === col && tk.dashes.some((d) => d < col)))) break;
    visit(i);
  }
  return found;
}

function siblingKeys(lines: string[], index: number, col: number): Set<string> {
  return new Set(mappingValues(lines, index, col).keys());
}

function resolve(root: JsonSchema, schema: JsonSchema | undefined): JsonSchema | undefined {
  let s = schema;
  for (let guard = 0; s?.$ref && guard < 20; guard++) {
    const name = String(s.$ref).replace(/^#\/definitions\//, '');
    s = root.definitions?.[name];
  }
  return s;
}

/** The schemas that apply together: the schema itself, its allOf/anyOf/oneOf branches, and if/then branches that match. */
function branches(root: JsonSchema, schema: JsonSchema | undefined, values: Map<string, string>): JsonSchema[] {
  const s = resolve(root, schema);
  if (!s) return [];
  const out: JsonSchema[] = [s];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const sub of (s[key] as JsonSchema[] | undefined) ?? []) {
      if (sub.if) {
        const consts = Object.entries((sub.if.properties ?? {}) as Record<string, JsonSchema>);
        if (consts.every(([k, c]) => c.const === undefined || values.get(k) === String(c.const))) out.push(...branches(root, sub.then, values));
      } else {
        out.push(...branches(root, sub, values));
      }
    }
  }
  return out;
}

function propertiesOf(root: JsonSchema, schema: JsonSchema, lines: string[], index: number, col: number): Record<string, JsonSchema> {
  const values = mappingValues(lines, index, col);
  const props: Record<string, JsonSchema> = {};
  for (const b of branches(root, schema, values)) {
    for (const [k, v] of Object.entries((b.properties ?? {}) as Record<string, JsonSchema>)) props[k] = props[k] ? { allOf: [props[k], v] } : v;
  }
  return props;
}

/** The schema of the mapping whose keys start at `col` on line `index`. */
function schemaAt(root: JsonSchema, lines: string[], index: number, col: number): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  for (const { seg, line, col: at } of pathAt(lines, index, col)) {
    if (!schema) return undefined;
    if (seg === 0) {
      const items = branches(root, schema, new Map()).map((b) => b.items).filter(Boolean) as JsonSchema[];
      schema = items.length ? { allOf: items } : undefined;
    } else {
      // The key's own mapping (its siblings pick the if/then branches, e.g. a step's type picks its with).
      schema = propertiesOf(root, schema, lines, line, at)[seg];
    }
  }
  return schema;
}

function valuesOf(root: JsonSchema, prop: JsonSchema): string[] {
  const out = new Set<string>();
  const visit = (s: JsonSchema | undefined, depth: number): void => {
    const r = resolve(root, s);
    if (!r || depth > 6) return;
    for (const v of (r.enum as unknown[] | undefined) ?? []) out.add(String(v));
    if (r.const !== undefined) out.add(String(r.const));
    if (r.type === 'boolean') { out.add('true'); out.add('false'); }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const sub of (r[key] as JsonSchema[] | undefined) ?? []) visit(sub, depth + 1);
  };
  visit(prop, 0);
  return [...out];
}

function describe(root: JsonSchema, prop: JsonSchema): string | undefined {
  const r = resolve(root, prop);
  return (r?.description as string | undefined)?.slice(0, 60) ?? (typeof r?.type === 'string' ? r.type : undefined);
}
