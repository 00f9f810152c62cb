import type { Problem } from '../../contracts/problem';
import { validateClass, type FieldPath } from '../../validation/class-validation';
import { parseDuration } from '../../validation/units';
import { YamlSource } from '../../yaml/yaml-source';
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
}

/** A file that is not YAML at all would list hundreds; the first ones are what helps. */
const MAX_SYNTAX_PROBLEMS = 10;

/**
 * Parses, validates and compiles workflow YAML (contract §4, §5). Every problem is collected
 * and returned at once, each located as `FILE:LINE:COL`.
 *
 * @param text - the YAML
 * @param file - the name used in locations
 * @param env - the registered connector types and the connectors, for connector checks
 */
export async function compileWorkflow(text: string, file: string, env: CompileEnvironment): Promise<CompileResult> {
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
  const doc = plain as Plain;
  const shape = validateClass(WorkflowDefinition, doc);
  if (!shape.ok) sink.addAll(shape.problems);

  const compiler = new StepCompiler(sink, env);
  const settings = isPlain(doc.settings) ? doc.settings : {};
  compiler.compileDefaultFailure(settings['on-failure'], ['settings', 'on-failure']);
  const steps = compiler.compileSteps(doc.steps, ['steps'], 0, true);
  const inputs = checkInputs(doc.inputs, sink);
  const triggers = compileTriggers(doc.triggers, sink);
  checkReferences(steps, compiler.references, compiler.nested, compiler.names, sink);
  await Promise.all(compiler.pending);

  const problems = sink.sorted();
  if (problems.length) return { problems };
  const name = doc.name as string;
  return {
    problems,
    workflow: {
      id: name,
      name,
      description: typeof doc.description === 'string' ? doc.description : undefined,
      enabled: doc.enabled !== false,
      enabledLocation: doc.enabled === undefined ? undefined : source.locate(['enabled'], 'value'),
      nameLocation: source.locate(['name'], 'value'),
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
