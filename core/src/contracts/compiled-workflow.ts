import type { ActionType, ConnectorType } from './connector-type';
import type { FieldPath, SourceLocation } from './problem';

/** The values templates are rendered against (`event`, `inputs`, `steps`, ...). */
export type TemplateContext = Record<string, unknown>;

/** A compiled condition. */
export type Predicate = (context: TemplateContext) => boolean;

/** The types a workflow input may declare. */
export type InputType = 'string' | 'number' | 'boolean' | 'choice' | 'array';

/** One declared workflow input, as compiled. */
export interface InputSpec {
  name: string;
  type: InputType;
  description?: string;
  required?: boolean;
  default?: unknown;
  /** `choice`: the allowed values. */
  options?: unknown[];
}

/** RFC 5545 recurrence frequencies. */
export type RRuleFrequency = 'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
/** RFC 5545 weekdays, as `byweekday` lists them. */
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** A condition ready to evaluate: precompiled when it has no template, else rendered at run time. */
export interface Guard {
  source: string | boolean;
  predicate?: Predicate;
}

/** Where a `foreach` gets its items. */
export interface ItemsSource {
  source: string | unknown[];
  resolve(context: TemplateContext): unknown;
}

/** Renders a step's `with` against the context. */
export type Renderer = (context: TemplateContext) => unknown;

/** `retry` resolved: milliseconds and defaults applied. */
export interface RetryPolicy {
  maxAttempts: number;
  delayMs: number;
  strategy: 'fixed' | 'exponential';
  multiplier: number;
  maxDelayMs?: number;
  jitter: boolean;
}

/** `on-failure` resolved for one step (the workflow default merged in, key by key). */
export interface FailurePolicy {
  retry?: RetryPolicy;
  fallback?: readonly CompiledStep[];
  continue: boolean;
}

/**
 * One step, checked and ready to run: what every step kind has. A step kind's own compiled
 * step extends it with what its handler needs (see the built-in {@link BuiltinStep} union).
 */
export interface CompiledStep<K extends string = string> {
  /** The step kind that compiled it and runs it (`console`, `connector`, a plugin's kind). */
  kind: K;
  name: string;
  /** The step type as written (`console`, `jira.getIncident`). */
  type: string;
  /** Where the step is in the document (`steps[2].else[0]`), for messages. */
  path: FieldPath;
  /**
   * The step's address relative to the step or list holding it (`steps[2]`, `else[0]`,
   * `on-failure.fallback[0]`): the run-time step id is the enclosing step's id, a dot, and this,
   * plus `#INDEX` for each foreach iteration.
   */
  segment: string;
  /** Nesting depth (0 = top level), for progress output. */
  depth: number;
  guard?: Guard;
  /** Step-level `foreach`: the step runs once per item (a kind that loops itself uses it its own way). */
  items?: ItemsSource;
  timeoutMs?: number;
  failure: FailurePolicy;
}

/** `console`: prints the rendered `with.message`. */
export interface ConsoleStep extends CompiledStep<'console'> {
  render: Renderer;
}

/** `wait`: waits the rendered `with.duration`. */
export interface WaitStep extends CompiledStep<'wait'> {
  render: Renderer;
}

/** `data.set`: each key of the rendered `with` becomes `variables.KEY`. */
export interface DataSetStep extends CompiledStep<'data.set'> {
  render: Renderer;
}

/** `if`: `steps` when the condition holds, else `else`. */
export interface IfStep extends CompiledStep<'if'> {
  condition: Guard;
  then: readonly CompiledStep[];
  else: readonly CompiledStep[];
}

/** `foreach` block: `steps` once per item. */
export interface ForeachStep extends CompiledStep<'foreach'> {
  items: ItemsSource;
  body: readonly CompiledStep[];
}

/** A connector step: one action of a connector type. */
export interface ConnectorStep extends CompiledStep<'connector'> {
  render: Renderer;
  /** The connector type and action, resolved at compile time. */
  connectorType: ConnectorType;
  action: ActionType;
  /** The connector name or id, rendered at run time when it is a template. */
  connectorId?: string;
  /**
   * The whole `with` holds no template, so compiling validated it against the action's params:
   * a run converts it to the params class without checking it again.
   */
  paramsChecked?: boolean;
}

/** The built-in steps, keyed by kind. Plugins' step kinds extend {@link CompiledStep} the same way. */
export type BuiltinStep = ConsoleStep | WaitStep | DataSetStep | IfStep | ForeachStep | ConnectorStep;

/** A scheduled trigger's recurrence rule (RFC 5545 fields, as Kibana Workflows writes them). */
export interface ScheduleRule {
  freq: RRuleFrequency;
  /** Every n-th period of `freq` (1 when not given). */
  interval: number;
  /** IANA time zone; UTC when absent. */
  tzid?: string;
  dtstart?: string;
  byhour?: number[];
  byminute?: number[];
  byweekday?: Weekday[];
  bymonthday?: number[];
}

/**
 * A validated trigger, for whatever starts executions (a scheduler, the REST server's webhook
 * route). A workflow without `triggers` has one `manual` trigger.
 */
export type CompiledTrigger =
  | { type: 'manual' }
  | { type: 'webhook' }
  | { type: 'scheduled'; everyMs: number; rrule?: undefined }
  | { type: 'scheduled'; rrule: ScheduleRule; everyMs?: undefined };

/** A validated workflow, ready to run any number of times. */
export interface CompiledWorkflow {
  id: string;
  name: string;
  description?: string;
  /** `enabled: false` workflows are not run (a dry run still is) and not triggered. */
  enabled: boolean;
  /** Where `enabled` is written, when it is (for the message refusing a disabled workflow). */
  enabledLocation?: SourceLocation;
  /** Where `name` is written (for a stored workflow's replacement that renames it). */
  nameLocation?: SourceLocation;
  triggers: CompiledTrigger[];
  inputs: InputSpec[];
  consts: Record<string, unknown>;
  timeoutMs?: number;
  steps: readonly CompiledStep[];
  /** The stored workflow's version it was compiled from (absent for unsaved YAML). */
  version?: number;
  /** The YAML it came from (kept with each execution, for inspection and resume). */
  yaml: string;
  file: string;
}
