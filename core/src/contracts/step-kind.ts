import type { ClassType } from './class-type';
import type { CompiledStep, Guard, ItemsSource, Renderer, TemplateContext } from './compiled-workflow';
import type { Logger } from './logger';
import type { FieldPath } from './problem';

/** The step keys a kind may use beyond those every step has (name, type, if, foreach, timeout, on-failure). */
export type StepKey = 'with' | 'connector-id' | 'condition' | 'steps' | 'else';

/** One step type a kind runs, as `relayflow schema`, "did you mean" and unknown-type messages list it. */
export interface StepTypeInfo {
  /** The step type as written (`console`, `jira`, `jira.getIncident`). */
  type: string;
  /** One line for the JSON Schema. */
  description?: string;
  /** The class `with` is checked against. */
  params?: ClassType<object>;
  /** `with` must have at least one key (for kinds whose `with` is free-form, such as `data.set`). */
  withRequired?: boolean;
  /** The step must name a connector (`connector-id`). */
  connectorRequired?: boolean;
  /** The step may not name a connector even though the kind takes `connector-id`. */
  connectorForbidden?: boolean;
  /** `with` keys required when the step names no connector. */
  requiredWithoutConnector?: readonly string[];
}

/** What a kind's `compile` gets: the step as written and the fields every compiled step has. */
export interface StepSource {
  /** The step mapping as written (already shape-checked: known keys, value types). */
  plain: Readonly<Record<string, unknown>>;
  /** The compiled fields every step has; a kind returns them with its own added. */
  base: CompiledStep;
}

/** Compile-time helpers for a step kind. Paths are relative to the step. */
export interface StepCompileTools {
  /** Reports a problem at `path` (relative to the step): at its key, its value (default) or the enclosing mapping. */
  problem(path: FieldPath, message: string, at?: 'key' | 'value' | 'parent'): void;
  /** Reports a required key the step lacks: `missing required key "KEY" (WHAT)`. */
  missing(key: string, what: string): void;
  /** Compiles the nested list of steps under `key` (they become part of the step's scope). */
  steps(key: string): CompiledStep[];
  /** Compiles the condition under `key` (KQL, true/false or a template), checking its references. */
  condition(key: string): Guard | undefined;
  /** The renderer of `with` (templates checked, `steps.X` references recorded). */
  renderer(): Renderer;
  /** Checks the concrete fields of `with` against a class; templated fields are checked after rendering. */
  checkParams(params: ClassType<object>): void;
  /** Checks a template at `path`, recording its `steps.X` references. @returns false on a syntax error */
  template(value: string, path: FieldPath): boolean;
  /** A check that completes later (a connector look-up); compilation waits for it. */
  defer(check: Promise<void>): void;
  /**
   * Says the step was checked against state that can change while compiled workflows are kept
   * (the connector kind: the connectors). `stamp` returns a value that changes with that state; a
   * cached compiled workflow is compiled again once a stamp returns something else, and at least
   * once a second (changes made by another process).
   */
  dependsOn?(stamp: () => unknown): void;
}

/** What a running step of a kind can use: its identity, the scope, and the engine's services. */
export interface StepRun {
  /** The template context of this attempt (`event`, `steps`, `foreach`, `step`, ...). */
  readonly context: TemplateContext;
  /** Aborted when the step times out or the execution is cancelled. */
  readonly signal: AbortSignal;
  readonly executionId: string;
  /** The step's address in the workflow plus its foreach indices (`steps[2]#1.steps[0]`); stable across restarts. */
  readonly stepId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Derived from the execution id and step id: the same on every attempt and after a resume. */
  readonly idempotencyKey: string;
  /** `--dry-run`: render and check, but send nothing. */
  readonly dryRun: boolean;
  readonly logger: Logger;
  /** Runs nested steps in this step's scope (one `foreach` iteration when `iteration` is given); a failure inside that nothing handled fails this step. */
  runSteps(steps: readonly CompiledStep[], iteration?: { items: unknown[]; index: number }): Promise<void>;
  /** Evaluates a compiled condition against this attempt's context. */
  check(guard: Guard): boolean;
  /** Resolves a `foreach` source to its items. @throws a step error when it is not a list */
  items(source: ItemsSource): unknown[];
  /** Sets `variables.KEY` for the steps that follow. */
  setVariables(values: Record<string, unknown>): void;
  /** Waits `ms`, ending early (with the abort reason) when the step is aborted. */
  sleep(ms: number): Promise<void>;
  /**
   * Waits until `ms` after the step first started (a step resumed after a crash waits only what
   * is left). A long wait in a server or worker parks the execution in the store instead of
   * holding the process: the step then runs again when it is due (also after a restart), and
   * this call returns at once.
   */
  durableSleep(ms: number): Promise<void>;
  /** A `console` step printed `message` (shown by the CLI). */
  print(message: unknown): void;
  /** `--dry-run`: a connector step would have sent these params. */
  dryRunCall(invocation: { type: string; action: string; connector?: string; params: unknown }): void;
}

/**
 * A step kind: how steps of some types compile and run. The built-in kinds (console, wait,
 * data.set, if, foreach, connector) are contributions like any plugin's; the engine knows none
 * of them by name.
 */
export interface StepKind<S extends CompiledStep = CompiledStep> {
  /** Unique kind id (`console`, `connector`, `acme.approval`). */
  readonly kind: string;
  /**
   * The step keys it takes beyond the common ones, and whether each is required (its `compile`
   * reports a missing one; the JSON Schema requires it). Any other is reported as misplaced.
   */
  readonly keys: Readonly<Partial<Record<StepKey, 'required' | 'optional'>>>;
  /** Holds nested steps: retry does not apply to it and it does not inherit the workflow's default on-failure. */
  readonly block?: boolean;
  /** Uses `foreach` itself (the `foreach` block, which requires it) instead of the engine running the step once per item. */
  readonly loops?: boolean;
  /** Record the step as `running` before it runs (steps that take a while). */
  readonly recordStart?: boolean;
  /**
   * Steps of this kind change nothing outside the execution (console, data.set, if, foreach):
   * an execution resumed after a crash runs them again instead of restoring them from their
   * records, and their completion is not awaited as a checkpoint. Leave it unset for a kind whose
   * steps reach the outside world: each completion is then committed before the next step starts,
   * and a completed step is never run again (its output is restored; variables it set are not).
   */
  readonly pure?: boolean;
  /**
   * Whether steps of `type` are this kind's: `true`, `false`, or a message when the type belongs
   * to this kind's family but cannot run (`jira.nope`: the type has no such action).
   */
  handles(type: string): boolean | string;
  /** The step types it runs, for the JSON Schema and messages. */
  types(): StepTypeInfo[];
  /** Added to the unknown-step-type message while it runs no types (`no connector plugins are loaded`). */
  readonly noTypesHint?: string;
  /** Compiles one step. @returns the compiled step, or undefined when problems were reported */
  compile(source: StepSource, tools: StepCompileTools): S | undefined;
  /** Runs one attempt of a step. @returns its output; throws to fail the attempt */
  run(step: S, run: StepRun): Promise<unknown>;
}

/** Step kinds by id, built-ins first; plugins add theirs in setup. Frozen at start. */
export const StepKindRegistry = Symbol.for('relayflow.StepKindRegistry');
export interface StepKindRegistry {
  /** @throws RelayflowError `DUPLICATE_TYPE` for a kind id or fixed type already taken, `REGISTRY_FROZEN` after start */
  register(kind: StepKind<any>, pluginId: string): void;
  /** The kind running steps of `type`, or a message saying why the type cannot run. */
  resolve(type: string): StepKind | string | undefined;
  /** The kind with this id (what a compiled step's `kind` names). */
  get(kind: string): StepKind | undefined;
  /** Every kind, in registration order. */
  list(): StepKind[];
  freeze(): void;
}

/** Core's built-in step kinds are bound to this token (a multi-binding read by the registry). */
export const BuiltinStepKind = Symbol.for('relayflow.BuiltinStepKind');

/**
 * Defines a step kind for a plugin to register with `registerStepKind` in setup. Typing the
 * compiled step `S` types `compile`'s result and `run`'s step.
 * @param kind - the kind: its id, the keys it takes, the types it handles, compile and run
 * @returns the same kind
 */
export function defineStepKind<S extends CompiledStep>(kind: StepKind<S>): StepKind<S> {
  return kind;
}
