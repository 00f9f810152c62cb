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

/** What a step does. */
export type StepKind = 'console' | 'wait' | 'data.set' | 'if' | 'foreach' | 'connector';

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
  fallback?: CompiledStep[];
  continue: boolean;
}

/** A connector step's target. */
export interface ConnectorTarget {
  type: ConnectorType;
  action: ActionType;
  /** The connector name or id, rendered at run time when it is a template. */
  connectorId?: string;
}

/** One step, checked and ready to run. */
export interface CompiledStep {
  name: string;
  type: string;
  kind: StepKind;
  /** Where the step is in the document (`steps[2].else[0]`), for messages. */
  path: FieldPath;
  /** Nesting depth (0 = top level), for progress output. */
  depth: number;
  /** Renders `with`. */
  render?: (context: TemplateContext) => unknown;
  guard?: Guard;
  /** Step-level `foreach` (any step) or the items of a `foreach` block. */
  items?: ItemsSource;
  timeoutMs?: number;
  failure: FailurePolicy;
  /** `if` blocks. */
  condition?: Guard;
  then?: CompiledStep[];
  else?: CompiledStep[];
  /** `foreach` blocks. */
  body?: CompiledStep[];
  connector?: ConnectorTarget;
}

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
  triggers: CompiledTrigger[];
  inputs: InputSpec[];
  consts: Record<string, unknown>;
  timeoutMs?: number;
  steps: CompiledStep[];
  /** The YAML it came from (kept with each execution, for inspection and resume). */
  yaml: string;
  file: string;
}
