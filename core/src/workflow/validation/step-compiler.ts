import type { ActionType, ConnectorType } from '../../contracts/connector-type';
import { pathSegments, resolvePath } from '../../templating/safe-context';
import {
  compileValue, isTemplate, parseTemplate, renderTemplate, templateNames, typedExpression,
} from '../../templating/template-renderer';
import type { FieldPath } from '../../validation/class-validation';
import { parseDuration } from '../../validation/units';
import type { Connector } from '../../contracts/connector';
import type { ConnectorTypeRegistry } from '../../contracts/connector-type-registry';
import { compileCondition, conditionFields, templatedConditionFields } from '../conditions/condition';
import type { CompiledStep, FailurePolicy, Guard, ItemsSource, RetryPolicy, StepKind } from '../../contracts/compiled-workflow';
import { BUILTIN_STEPS } from '../language/builtin-steps';
import { didYouMean, closeMatches } from './close-matches';
import { ConnectorStepChecks } from './connector-step-checks';
import { resolveRetry } from './failure-policy';
import type { ProblemSink } from './problem-sink';
import { isPlain, type Plain } from './plain';

/** What validation needs to know about the installation: connector types and connectors. */
export interface CompileEnvironment {
  types: ConnectorTypeRegistry;
  findConnector(idOrName: string): Promise<Connector | undefined>;
  listConnectors(): Promise<Connector[]>;
}

/** A `steps.NAME` reference found in a step's templates or conditions. */
export interface StepReference {
  step: string;
  path: FieldPath;
}

const SINGLE_NAME = /^\s*\{\{\s*([^{}#^/&!>=\s][^{}]*?)\s*\}\}\s*$/;

/**
 * Turns the plain `steps` of a workflow into compiled steps, reporting every semantic problem
 * (unknown types, misplaced keys, duplicate names, bad templates and conditions, connector and
 * `with` problems) to the sink. Shape problems (types of values, unknown keys) are class
 * validation's; here values of the wrong shape are skipped.
 */
export class StepCompiler {
  /** Step name → where it was first defined. */
  readonly names = new Map<string, FieldPath>();
  /** The `steps.NAME` references of each step. */
  readonly references = new Map<CompiledStep, StepReference[]>();
  private defaultFailure?: { plain: Plain; retry?: RetryPolicy; fallback?: CompiledStep[] };
  private readonly connectorChecks: ConnectorStepChecks;

  constructor(private readonly sink: ProblemSink, private readonly env: CompileEnvironment) {
    this.connectorChecks = new ConnectorStepChecks(sink, env);
  }

  /** Connector look-ups still running. */
  get pending(): ReadonlyArray<Promise<void>> {
    return this.connectorChecks.pending;
  }

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
    const out: CompiledStep[] = [];
    list.forEach((item, i) => {
      const step = this.compileStep(item, [...path, i], depth, inheritDefault);
      if (step) out.push(step);
    });
    return out;
  }

  private compileStep(plain: unknown, path: FieldPath, depth: number, inheritDefault: boolean): CompiledStep | undefined {
    if (!isPlain(plain)) return undefined;
    const name = typeof plain.name === 'string' && plain.name !== '' ? plain.name : undefined;
    if (name !== undefined) this.registerName(name, path);
    if (typeof plain.type !== 'string' || plain.type === '') return undefined;
    const type = plain.type;
    const refs: StepReference[] = [];
    const resolved = this.resolveType(type, [...path, 'type']);
    if (!resolved) {
      // Still look inside, so problems in nested steps are reported too.
      this.compileSteps(plain.steps, [...path, 'steps'], depth + 1, inheritDefault);
      this.compileSteps(plain.else, [...path, 'else'], depth + 1, inheritDefault);
      return undefined;
    }
    const { kind, action, connectorType } = resolved;
    const flow = kind === 'if' || kind === 'foreach';
    this.checkKeys(plain, path, kind, type);

    const step: CompiledStep = {
      name: name ?? `steps[${path[path.length - 1]}]`,
      type,
      kind,
      path,
      depth,
      failure: this.failurePolicy(plain['on-failure'], [...path, 'on-failure'], flow, inheritDefault, depth),
    };
    if (plain.if !== undefined) step.guard = this.guard(plain.if, [...path, 'if'], refs);
    if (plain.foreach !== undefined) step.items = this.items(plain.foreach, [...path, 'foreach'], refs);
    if (typeof plain.timeout === 'string') step.timeoutMs = parseDuration(plain.timeout);

    if (kind === 'if') {
      if (plain.condition !== undefined) step.condition = this.guard(plain.condition, [...path, 'condition'], refs);
      step.then = this.compileSteps(plain.steps, [...path, 'steps'], depth + 1, inheritDefault);
      step.else = this.compileSteps(plain.else, [...path, 'else'], depth + 1, inheritDefault);
    } else if (kind === 'foreach') {
      step.body = this.compileSteps(plain.steps, [...path, 'steps'], depth + 1, inheritDefault);
    } else {
      step.render = this.withRenderer(plain.with, [...path, 'with'], refs);
      if (kind === 'console' || kind === 'wait') this.connectorChecks.checkParams(BUILTIN_STEPS[kind].params!, plain.with, [...path, 'with']);
      if (kind === 'data.set' && (plain.with === undefined || (isPlain(plain.with) && Object.keys(plain.with).length === 0))) {
        this.sink.add([...path, 'with'], 'data.set needs a with mapping: each key becomes variables.KEY', plain.with === undefined ? 'parent' : 'value');
      }
      if (kind === 'connector' && connectorType && action) {
        step.connector = { type: connectorType, action, connectorId: typeof plain['connector-id'] === 'string' ? plain['connector-id'] : undefined };
        this.connectorChecks.checkConnector(plain, path, step, (id, where) => this.collectTemplate(id, where, refs));
        this.connectorChecks.checkParams(action.params as new () => object, plain.with, [...path, 'with']);
      }
    }
    this.references.set(step, refs);
    return step;
  }

  private registerName(name: string, path: FieldPath): void {
    const first = this.names.get(name);
    if (first) {
      const at = this.sink.source.locate(first, 'value');
      this.sink.add([...path, 'name'], `duplicate step name "${name}": already used at line ${at.line}; step names are unique within a workflow`);
    } else {
      this.names.set(name, path);
    }
  }

  private resolveType(type: string, path: FieldPath): { kind: StepKind; action?: ActionType; connectorType?: ConnectorType } | undefined {
    const builtin = BUILTIN_STEPS[type];
    if (builtin) return { kind: builtin.type };
    const dot = type.indexOf('.');
    const typeId = dot < 0 ? type : type.slice(0, dot);
    const registered = this.env.types.get(typeId);
    if (registered) {
      const actionName = dot < 0 ? registered.type.defaultAction : type.slice(dot + 1);
      const action = registered.type.actions[actionName];
      if (action) return { kind: 'connector', action, connectorType: registered.type };
      this.sink.add(path, `connector type "${typeId}" has no action "${actionName}"${didYouMean(actionName, Object.keys(registered.type.actions))}; its actions: ${Object.keys(registered.type.actions).join(', ')}`);
      return undefined;
    }
    const known = this.knownTypes();
    const close = closeMatches(type, known);
    const hint = close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : '';
    const installed = this.env.types.list().length === 0 ? ' (no connector plugins are loaded)' : '';
    this.sink.add(path, `unknown step type "${type}"${hint} Known types: ${known.join(', ')}${installed}`);
    return undefined;
  }

  private knownTypes(): string[] {
    const types = Object.keys(BUILTIN_STEPS);
    for (const { type } of this.env.types.list()) {
      types.push(type.id);
      for (const action of Object.keys(type.actions)) types.push(`${type.id}.${action}`);
    }
    return types;
  }

  private checkKeys(plain: Plain, path: FieldPath, kind: StepKind, type: string): void {
    const misplaced = (key: string, message: string): void => {
      if (plain[key] !== undefined) this.sink.add([...path, key], message, 'key');
    };
    if (kind !== 'connector') misplaced('connector-id', `connector-id is only for connector steps; ${type} steps do not use a connector`);
    if (kind === 'if' || kind === 'foreach') misplaced('with', `${type} steps take no with (put the work in their steps)`);
    if (kind !== 'if') {
      misplaced('condition', 'condition belongs to if steps; to guard any step use if:');
      misplaced('else', 'else belongs to if steps');
    }
    if (kind !== 'if' && kind !== 'foreach') misplaced('steps', `steps belongs to if and foreach steps; a ${type} step cannot hold steps`);
    if (kind === 'if') {
      if (plain.condition === undefined) this.sink.add([...path, 'condition'], 'missing required key "condition" (the if step\'s condition)', 'parent');
    }
    if ((kind === 'if' || kind === 'foreach') && plain.steps === undefined) this.sink.add([...path, 'steps'], `missing required key "steps" (the steps the ${kind} step runs)`, 'parent');
    if (kind === 'foreach' && plain.foreach === undefined) this.sink.add([...path, 'foreach'], 'missing required key "foreach" (the items to loop over)', 'parent');
  }

  private failurePolicy(plain: unknown, path: FieldPath, flow: boolean, inheritDefault: boolean, depth: number): FailurePolicy {
    const own = isPlain(plain) ? plain : undefined;
    if (flow && own?.retry !== undefined) {
      this.sink.add([...path, 'retry'], 'retry does not apply to if/foreach steps; put retry on the steps inside them', 'key');
    }
    const ownRetry = own?.retry !== undefined && !flow ? resolveRetry(own.retry, [...path, 'retry'], this.sink) : undefined;
    const ownFallback = Array.isArray(own?.fallback) ? this.compileSteps(own.fallback, [...path, 'fallback'], depth + 1, false) : undefined;
    const ownContinue = typeof own?.continue === 'boolean' ? own.continue : undefined;
    const inherited = inheritDefault && !flow ? this.defaultFailure : undefined;
    return {
      retry: ownRetry ?? (own?.retry === undefined ? inherited?.retry : undefined),
      fallback: ownFallback ?? inherited?.fallback,
      continue: ownContinue ?? (typeof inherited?.plain.continue === 'boolean' ? inherited.plain.continue : false),
    };
  }

  private guard(value: unknown, path: FieldPath, refs: StepReference[]): Guard | undefined {
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

  private withRenderer(value: unknown, path: FieldPath, refs: StepReference[]): CompiledStep['render'] {
    if (value === undefined || value === null) return () => ({});
    if (!this.collectDeep(value, path, refs)) return () => ({});
    return compileValue(value);
  }

  /** Checks every template in a value; records its step references. @returns false when one has a syntax error */
  private collectDeep(value: unknown, path: FieldPath, refs: StepReference[]): boolean {
    if (typeof value === 'string') return this.collectTemplate(value, path, refs);
    let ok = true;
    if (Array.isArray(value)) value.forEach((v, i) => { ok = this.collectDeep(v, [...path, i], refs) && ok; });
    else if (isPlain(value)) for (const [k, v] of Object.entries(value)) ok = this.collectDeep(v, [...path, k], refs) && ok;
    return ok;
  }

  private collectTemplate(value: string, path: FieldPath, refs: StepReference[]): boolean {
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
