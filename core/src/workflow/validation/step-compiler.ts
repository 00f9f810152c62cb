import type { ClassType } from '../../contracts/class-type';
import type { CompiledStep, FailurePolicy, Guard, ItemsSource, Renderer, RetryPolicy } from '../../contracts/compiled-workflow';
import type { StepCompileTools, StepKey, StepKind, StepKindRegistry } from '../../contracts/step-kind';
import { pathSegments, resolvePath } from '../../templating/safe-context';
import {
  compileValue, containsTemplate, isTemplate, parseTemplate, renderTemplate, templateNames, typedExpression,
} from '../../templating/template-renderer';
import { formatPath, validateClass, type FieldPath } from '../../validation/class-validation';
import { parseDuration } from '../../validation/units';
import { compileCondition, conditionFields, templatedConditionFields } from '../conditions/condition';
import { closeMatches } from '../../validation/close-matches';
import { resolveRetry } from './failure-policy';
import type { ProblemSink } from './problem-sink';
import { isPlain, type Plain } from './plain';

/** What compiling steps needs to know about the installation: its step kinds. */
export interface CompileEnvironment {
  kinds: StepKindRegistry;
}

/** A `steps.NAME` reference found in a step's templates or conditions. */
export interface StepReference {
  step: string;
  path: FieldPath;
}

const SINGLE_NAME = /^\s*\{\{\s*([^{}#^/&!>=\s][^{}]*?)\s*\}\}\s*$/;
const KIND_KEYS: readonly StepKey[] = ['connector-id', 'with', 'condition', 'else', 'steps'];
const EMPTY: Renderer = () => ({});

/**
 * Turns the plain `steps` of a workflow into compiled steps, reporting every semantic problem
 * (unknown types, misplaced keys, duplicate names, bad templates and conditions) to the sink.
 * What a step of each type means is its step kind's: the compiler finds the kind, does what
 * every step has (guard, foreach, timeout, on-failure) and hands the rest to the kind.
 * Shape problems (types of values, unknown keys) are class validation's; here values of the
 * wrong shape are skipped.
 */
export class StepCompiler {
  /** Step name → where it was first defined. */
  readonly names = new Map<string, FieldPath>();
  /** The `steps.NAME` references of each step. */
  readonly references = new Map<CompiledStep, StepReference[]>();
  /** The nested step lists of each step (if branches, loop bodies, a plugin kind's lists). */
  readonly nested = new Map<CompiledStep, CompiledStep[][]>();
  /** Checks still running (connector look-ups). */
  readonly pending: Array<Promise<void>> = [];
  /** What the checks depended on that can change (see StepCompileTools.dependsOn). */
  readonly dependencies: Array<{ stamp: () => unknown; value: unknown }> = [];
  private defaultFailure?: { plain: Plain; retry?: RetryPolicy; fallback?: CompiledStep[] };

  constructor(readonly sink: ProblemSink, private readonly env: CompileEnvironment) {}

  /** Compiles `settings.on-failure`, the default of every non-block step outside fallbacks. */
  compileDefaultFailure(plain: unknown, path: FieldPath): void {
    if (!isPlain(plain)) return;
    const retry = resolveRetry(plain.retry, [...path, 'retry'], this.sink);
    const fallback = Array.isArray(plain.fallback) ? this.compileSteps(plain.fallback, [...path, 'fallback'], 1, false) : undefined;
    this.defaultFailure = { plain, retry, fallback };
  }

  /** Compiles a list of steps. */
  compileSteps(list: unknown, path: FieldPath, depth: number, inheritDefault: boolean): CompiledStep[] {
    if (!Array.isArray(list)) return [];
    const key = path[path.length - 1];
    const out: CompiledStep[] = [];
    list.forEach((item, i) => {
      const segment = formatPath(key === 'fallback' ? ['on-failure', key, i] : [key, i]);
      const step = this.compileStep(item, [...path, i], segment, depth, inheritDefault);
      if (step) out.push(step);
    });
    return out;
  }

  private compileStep(plain: unknown, path: FieldPath, segment: string, depth: number, inheritDefault: boolean): CompiledStep | undefined {
    if (!isPlain(plain)) return undefined;
    const name = typeof plain.name === 'string' && plain.name !== '' ? plain.name : undefined;
    if (name !== undefined) this.registerName(name, path);
    if (typeof plain.type !== 'string' || plain.type === '') return undefined;
    const type = plain.type;
    const kind = this.resolveKind(type, [...path, 'type']);
    if (!kind) {
      // Still look inside, so problems in nested steps are reported too.
      this.compileSteps(plain.steps, [...path, 'steps'], depth + 1, inheritDefault);
      this.compileSteps(plain.else, [...path, 'else'], depth + 1, inheritDefault);
      return undefined;
    }
    this.checkKeys(plain, path, kind, type);
    const refs: StepReference[] = [];
    const lists: CompiledStep[][] = [];
    const base: CompiledStep = {
      kind: kind.kind,
      name: name ?? `steps[${path[path.length - 1]}]`,
      type,
      path,
      segment,
      depth,
      failure: this.failurePolicy(plain['on-failure'], [...path, 'on-failure'], kind.block === true, inheritDefault, depth),
    };
    if (plain.if !== undefined) base.guard = this.guard(plain.if, [...path, 'if'], refs);
    if (plain.foreach !== undefined) base.items = this.items(plain.foreach, [...path, 'foreach'], refs);
    if (typeof plain.timeout === 'string') base.timeoutMs = parseDuration(plain.timeout);
    const step = kind.compile({ plain, base }, new StepTools(this, plain, path, depth, inheritDefault, refs, lists));
    if (step) {
      this.references.set(step, refs);
      this.nested.set(step, lists);
    }
    return step;
  }

  private registerName(name: string, path: FieldPath): void {
    const first = this.names.get(name);
    if (first) {
      this.sink.add([...path, 'name'], `duplicate step name "${name}": already used at line ${this.sink.lineOf(first)}; step names are unique within a workflow`);
    } else {
      this.names.set(name, path);
    }
  }

  private resolveKind(type: string, path: FieldPath): StepKind | undefined {
    const kind = this.env.kinds.resolve(type);
    if (typeof kind === 'string') this.sink.add(path, kind);
    if (kind !== undefined) return typeof kind === 'string' ? undefined : kind;
    const kinds = this.env.kinds.list();
    const known = kinds.flatMap((k) => k.types().map((t) => t.type));
    const close = closeMatches(type, known);
    const hint = close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : '';
    const missing = kinds.filter((k) => k.types().length === 0 && k.noTypesHint).map((k) => ` (${k.noTypesHint})`).join('');
    this.sink.add(path, `unknown step type "${type}"${hint} Known types: ${known.join(', ')}${missing}`);
    return undefined;
  }

  /** Reports the kind-specific keys a step of this kind does not take. */
  private checkKeys(plain: Plain, path: FieldPath, kind: StepKind, type: string): void {
    for (const key of KIND_KEYS) {
      if (plain[key] === undefined || kind.keys[key]) continue;
      const owners = listed(this.env.kinds.list().filter((k) => k.keys[key]).map((k) => k.kind));
      const message = {
        'connector-id': `connector-id is only for ${owners} steps; ${type} steps do not use a connector`,
        with: `${type} steps take no with${kind.keys.steps ? ' (put the work in their steps)' : ''}`,
        condition: `condition belongs to ${owners} steps; to guard any step use if:`,
        else: `else belongs to ${owners} steps`,
        steps: `steps belongs to ${owners} steps; a ${type} step cannot hold steps`,
      }[key];
      this.sink.add([...path, key], message, 'key');
    }
  }

  private failurePolicy(plain: unknown, path: FieldPath, block: boolean, inheritDefault: boolean, depth: number): FailurePolicy {
    const own = isPlain(plain) ? plain : undefined;
    if (block && own?.retry !== undefined) {
      const blocks = this.env.kinds.list().filter((k) => k.block).map((k) => k.kind).join('/');
      this.sink.add([...path, 'retry'], `retry does not apply to ${blocks} steps; put retry on the steps inside them`, 'key');
    }
    const ownRetry = own?.retry !== undefined && !block ? resolveRetry(own.retry, [...path, 'retry'], this.sink) : undefined;
    const ownFallback = Array.isArray(own?.fallback) ? this.compileSteps(own.fallback, [...path, 'fallback'], depth + 1, false) : undefined;
    const ownContinue = typeof own?.continue === 'boolean' ? own.continue : undefined;
    const inherited = inheritDefault && !block ? this.defaultFailure : undefined;
    return {
      retry: ownRetry ?? (own?.retry === undefined ? inherited?.retry : undefined),
      fallback: ownFallback ?? inherited?.fallback,
      continue: ownContinue ?? (typeof inherited?.plain.continue === 'boolean' ? inherited.plain.continue : false),
    };
  }

  /** @internal */
  guard(value: unknown, path: FieldPath, refs: StepReference[]): Guard | undefined {
    if (typeof value === 'boolean') return { source: value };
    if (typeof value !== 'string') {
      this.sink.add(path, `${path[path.length - 1]} must be a condition (a KQL string such as "event.severity: critical", true/false, or "\${{ path }}")`);
      return undefined;
    }
    if (isTemplate(value)) {
      // The tags' names, and the steps the literal KQL around them reads.
      if (this.collectTemplate(value, path, refs)) for (const field of templatedConditionFields(value)) addReference(field, path, refs);
      return { source: value };
    }
    try {
      const predicate = compileCondition(value);
      for (const field of conditionFields(value)) addReference(field, path, refs);
      return { source: value, predicate };
    } catch (err) {
      this.sink.addParseError(path, err);
      return undefined;
    }
  }

  private items(value: unknown, path: FieldPath, refs: StepReference[]): ItemsSource | undefined {
    if (Array.isArray(value)) {
      this.collectDeep(value, path, refs);
      const render = compileValue(value);
      return { source: value, resolve: render };
    }
    if (typeof value !== 'string') {
      this.sink.add(path, 'foreach must be a template resolving to an array (e.g. "{{ event.hosts }}") or a list');
      return undefined;
    }
    if (!this.collectTemplate(value, path, refs)) return undefined;
    const typed = typedExpression(value) ?? SINGLE_NAME.exec(value)?.[1];
    if (typed !== undefined) {
      const segments = pathSegments(typed);
      return { source: value, resolve: (context) => resolvePath(context, segments) };
    }
    return { source: value, resolve: (context) => renderTemplate(value, context) };
  }

  /** @internal */
  withRenderer(value: unknown, path: FieldPath, refs: StepReference[]): Renderer {
    if (value === undefined || value === null) return EMPTY;
    if (!this.collectDeep(value, path, refs)) return EMPTY;
    return compileValue(value);
  }

  /**
   * Checks `with` against a params class. Fields holding templates are left out (they are
   * checked after rendering, at run time), and so are "missing" problems about them.
   */
  /** @internal */
  checkParams(cls: ClassType<object>, value: unknown, path: FieldPath): void {
    if (value !== undefined && value !== null && !isPlain(value)) return;
    const plain = (value ?? {}) as Plain;
    const templated = new Set<string>();
    const concrete: Plain = {};
    for (const [k, v] of Object.entries(plain)) {
      if (containsTemplate(v)) templated.add(k);
      else concrete[k] = v;
    }
    const result = validateClass(cls, concrete, path);
    if (result.ok) return;
    this.sink.addAll(result.problems.filter((p) => !templated.has(String(p.path[path.length]))));
  }

  /** Checks every template in a value; records its step references. @returns false when one has a syntax error */
  private collectDeep(value: unknown, path: FieldPath, refs: StepReference[]): boolean {
    if (typeof value === 'string') return this.collectTemplate(value, path, refs);
    let ok = true;
    if (Array.isArray(value)) value.forEach((v, i) => { ok = this.collectDeep(v, [...path, i], refs) && ok; });
    else if (isPlain(value)) for (const [k, v] of Object.entries(value)) ok = this.collectDeep(v, [...path, k], refs) && ok;
    return ok;
  }

  /** @internal */
  collectTemplate(value: string, path: FieldPath, refs: StepReference[]): boolean {
    if (!isTemplate(value)) return true;
    try {
      parseTemplate(value);
      for (const name of templateNames(value)) addReference(name, path, refs);
      return true;
    } catch (err) {
      this.sink.addParseError(path, err);
      return false;
    }
  }
}

function addReference(name: string, path: FieldPath, refs: StepReference[]): void {
  const segments = pathSegments(name);
  if (segments[0] === 'steps' && segments.length > 1) refs.push({ step: segments[1], path });
}

/** `a`, `a and b`, `a, b and c`. */
function listed(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The compile tools a kind gets for one step (a class: one per step, no closures to make). */
class StepTools implements StepCompileTools {
  constructor(
    private readonly compiler: StepCompiler,
    private readonly plain: Plain,
    private readonly path: FieldPath,
    private readonly depth: number,
    private readonly inheritDefault: boolean,
    private readonly refs: StepReference[],
    private readonly lists: CompiledStep[][],
  ) {}

  problem(at: FieldPath, message: string, where?: 'key' | 'value' | 'parent'): void {
    this.compiler.sink.add([...this.path, ...at], message, where);
  }

  missing(key: string, what: string): void {
    this.compiler.sink.add([...this.path, key], `missing required key "${key}" (${what})`, 'parent');
  }

  steps(key: string): CompiledStep[] {
    const list = this.compiler.compileSteps(this.plain[key], [...this.path, key], this.depth + 1, this.inheritDefault);
    this.lists.push(list);
    return list;
  }

  condition(key: string): Guard | undefined {
    return this.compiler.guard(this.plain[key], [...this.path, key], this.refs);
  }

  renderer(): Renderer {
    return this.compiler.withRenderer(this.plain.with, [...this.path, 'with'], this.refs);
  }

  checkParams(params: ClassType<object>): void {
    this.compiler.checkParams(params, this.plain.with, [...this.path, 'with']);
  }

  template(value: string, at: FieldPath): boolean {
    return this.compiler.collectTemplate(value, [...this.path, ...at], this.refs);
  }

  defer(check: Promise<void>): void {
    this.compiler.pending.push(check);
  }

  dependsOn(stamp: () => unknown): void {
    // Taken before the checks run: a change while they do makes the result stale at once.
    this.compiler.dependencies.push({ stamp, value: stamp() });
  }
}
