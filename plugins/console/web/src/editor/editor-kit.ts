/**
 * The editors, in their own chunk (loaded when an editor page opens, so the first load stays
 * small): CodeMirror 6 with YAML, the server's validation problems as lint markers at their line
 * and column (asked for while typing, debounced), completion from the workflow JSON Schema; a
 * JSON editor for events and params; a line diff.
 *
 * CodeMirror 6 rather than Monaco: YAML, lint and completion come to about 150 kB compressed here,
 * where Monaco with monaco-yaml is several megabytes and needs web workers.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { diffLines } from 'diff';
import type { Problem } from '../api';
import type { JsonSchema } from '../types';
import { schemaCompletion } from './schema-completion';

/** How long typing must pause before the YAML is sent for validation (ms). */
export const VALIDATE_DELAY_MS = 400;

function base(readOnly: boolean, onChange?: (text: string) => void): Extension[] {
  return [
    lineNumbers(), highlightActiveLineGutter(), history(), drawSelection(), indentOnInput(), bracketMatching(), closeBrackets(),
    highlightActiveLine(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
    EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly),
    EditorView.updateListener.of((u) => { if (u.docChanged) onChange?.(u.state.doc.toString()); }),
  ];
}

/** Problems (1-based line and column) as lint markers, each from its column to the end of the word (or line). */
export function diagnostics(doc: Text, problems: Problem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(p.line ?? 1, 1), doc.lines));
    const from = Math.min(line.from + Math.max((p.column ?? 1) - 1, 0), line.to);
    const word = /^[^\s:,\]}]+/.exec(doc.sliceString(from, line.to));
    const to = word ? from + word[0].length : line.to > from ? line.to : from;
    return { from, to, severity: p.severity === 'warning' ? 'warning' : 'error', message: p.message, source: 'relayflow' };
  });
}

export interface YamlEditorOptions {
  doc: string;
  readOnly: boolean;
  schema?: JsonSchema;
  /** Returns the server's problems for the text (POST /api/workflows/validate). */
  validate: (text: string) => Promise<Problem[]>;
  onChange?: (text: string) => void;
  onProblems?: (problems: Problem[]) => void;
}

/** A workflow YAML editor in `parent`. */
export function createYamlEditor(parent: HTMLElement, o: YamlEditorOptions): EditorView {
  const lint = linter(async (view) => {
    const text = view.state.doc.toString();
    if (!text.trim()) {
      o.onProblems?.([]);
      return [];
    }
    const problems = await o.validate(text);
    // The text may have changed while the server answered: the linter asks again then.
    if (view.state.doc.toString() !== text) return [];
    o.onProblems?.(problems);
    return diagnostics(view.state.doc, problems);
  }, { delay: VALIDATE_DELAY_MS });
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: o.doc,
      extensions: [
        base(o.readOnly, o.onChange), yaml(), lint, lintGutter(),
        ...(o.schema ? [autocompletion({ override: [schemaCompletion(o.schema)], activateOnTyping: true })] : []),
      ],
    }),
  });
}

/** A JSON editor (events, params) with parse errors marked. */
export function createJsonEditor(parent: HTMLElement, doc: string, onChange?: (text: string) => void): EditorView {
  return new EditorView({ parent, state: EditorState.create({ doc, extensions: [base(false, onChange), json(), linter(jsonParseLinter(), { delay: 200 }), lintGutter()] }) });
}

/** Lines removed from `before` and added in `after`, in order (unchanged runs kept for context). */
export function lineDiff(before: string, after: string): Array<{ kind: 'same' | 'added' | 'removed'; text: string }> {
  return diffLines(before, after).flatMap((part) => {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    return part.value.replace(/\n$/, '').split('\n').map((text) => ({ kind, text }) as const);
  });
}
