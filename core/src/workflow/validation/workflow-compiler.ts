import type { Problem } from '../../contracts/problem';
import { validateClass, type FieldPath } from '../../validation/class-validation';
import { passesCompiledPlainCheck } from '../../validation/compiled-check';
import { parseDuration } from '../../validation/units';
import { readYamlFast } from '../../yaml/fast-yaml';
import { YamlSource } from '../../yaml/yaml-source';
import type { SourceLocation } from '../../contracts/problem';
import type { CompiledWorkflow } from '../../contracts/compiled-workflow';
import type { InputSpec } from '../../contracts/compiled-workflow';
import { WorkflowDefinition } from '../language/workflow-definition';
import { ProblemSink } from './problem-sink';
import { checkReferences } from './reference-check';
import { StepCompiler, type CompileEnvironment } from './step-compiler';
import { compileTriggers } from './trigger-compiler';
import { coerceInput } from '../engine/inputs';
import { isPlain, type Plain } from './plain';

export type { CompileEnvironment } from './step-compiler';

/** The outcome of compiling a workflow: the workflow when valid, and every problem found. */
export interface CompileResult {
  workflow?: CompiledWorkflow;
  problems: Problem[];
  /**
   * Stamps of the changing state the workflow was checked against (the connectors), each with
   * the value it had: the workflow is current while every stamp still returns it.
   */
  dependencies?: ReadonlyArray<{ stamp: () => unknown; value: unknown }>;
}

/** A file that is not YAML at all would list hundreds; the first ones are what helps. */
const MAX_SYNTAX_PROBLEMS = 10;
/** Top-level values a compiled workflow keeps the location of. */
const LOCATED = ['name', 'enabled'] as const;

/**
 * Parses, validates and compiles workflow YAML (contract §4, §5). Every problem is collected
 * and returned at once, each located as `FILE:LINE:COL`.
 *
 * A workflow is first read by the fast YAML path and checked without locating anything; only
 * when that finds a problem (or the fast path declines the text) is it read again with the
 * located `yaml` document and checked again, to report each problem where it is. So valid
 * workflows compile without the cost of locations, and problems read exactly as before.
 *
 * @param text - the YAML
 * @param file - the name used in locations
 * @param env - the registered connector types and the connectors, for connector checks
 */
export async function compileWorkflow(text: string, file: string, env: CompileEnvironment): Promise<CompileResult> {
  const fast = readYamlFast(text, file, LOCATED);
  if (fast) {
    const quick = await compileDocument(fast.value, text, file, env, new ProblemSink(), (key) => fast.locations[key]);
    if (quick.workflow) return quick;
  }
  return compileLocated(text, file, env);
}

/** The located path: every problem with its FILE:LINE:COL. */
async function compileLocated(text: string, file: string, env: CompileEnvironment): Promise<CompileResult> {
  const parsed = YamlSource.parse(text, file);
  if (parsed.problems.length) {
    const shown = parsed.problems.slice(0, MAX_SYNTAX_PROBLEMS);
    const more = parsed.problems.length - shown.length;
    if (more > 0) shown.push({ message: `... and ${more} more YAML syntax error${more === 1 ? '' : 's'}`, location: parsed.problems[MAX_SYNTAX_PROBLEMS].location });
    return { problems: shown };
  }
  const source = parsed.source;
  const sink = new ProblemSink(source);
  const js = source.toJS();
  if (js.problems.length) return { problems: js.problems };
  const plain = js.value;
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    sink.add([], 'a workflow is a YAML mapping with at least name and steps');
    return { problems: sink.sorted() };
  }
  return compileDocument(plain as Plain, text, file, env, sink, (key) => source.locate([key], 'value'));
}

/** Checks and compiles the document; a workflow only when the sink took no problem. */
async function compileDocument(
  doc: Plain, text: string, file: string, env: CompileEnvironment, sink: ProblemSink,
  locate: (key: (typeof LOCATED)[number]) => SourceLocation | undefined,
): Promise<CompileResult> {
  if (passesCompiledPlainCheck(WorkflowDefinition, doc) !== true) {
    const shape = validateClass(WorkflowDefinition, doc);
    if (!shape.ok) sink.addAll(shape.problems);
  }

  const compiler = new StepCompiler(sink, env);
  const settings = isPlain(doc.settings) ? doc.settings : {};
  compiler.compileDefaultFailure(settings['on-failure'], ['settings', 'on-failure']);
  const steps = compiler.compileSteps(doc.steps, ['steps'], 0, true);
  const inputs = checkInputs(doc.inputs, sink);
  const triggers = compileTriggers(doc.triggers, sink);
  checkReferences(steps, compiler.references, compiler.nested, compiler.names, sink);
  await Promise.all(compiler.pending);

  if (sink.count > 0) return { problems: sink.sorted() };
  const name = doc.name as string;
  return {
    problems: [],
    dependencies: compiler.dependencies,
    workflow: {
      id: name,
      name,
      description: typeof doc.description === 'string' ? doc.description : undefined,
      enabled: doc.enabled !== false,
      enabledLocation: doc.enabled === undefined ? undefined : locate('enabled'),
      nameLocation: locate('name'),
      triggers,
      inputs,
      consts: isPlain(doc.consts) ? doc.consts : {},
      timeoutMs: parseDuration(settings.timeout),
      steps,
      yaml: text,
      file,
    },
  };
}

function checkInputs(list: unknown, sink: ProblemSink): InputSpec[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const out: InputSpec[] = [];
  list.forEach((item, i) => {
    if (!isPlain(item) || typeof item.name !== 'string') return;
    const path: FieldPath = ['inputs', i];
    const type = (item.type ?? 'string') as InputSpec['type'];
    if (seen.has(item.name)) sink.add([...path, 'name'], `duplicate input name "${item.name}"`);
    seen.add(item.name);
    if (type === 'choice' && item.options === undefined) sink.add([...path, 'options'], 'missing required key "options": a choice input lists its allowed values', 'parent');
    if (type !== 'choice' && item.options !== undefined) sink.add([...path, 'options'], 'options only applies to inputs of type choice', 'key');
    if (item.default !== undefined && !coerceInput({ type, options: item.options } as Pick<InputSpec, 'type' | 'options'>, item.default).ok) {
      sink.add([...path, 'default'], `default ${JSON.stringify(item.default)} is not a valid ${type}${type === 'choice' && Array.isArray(item.options) ? ` (options: ${item.options.join(', ')})` : ''}`);
    }
    out.push({ name: item.name, type, description: item.description as string | undefined, required: item.required === true, default: item.default, options: item.options as unknown[] | undefined });
  });
  return out;
}
