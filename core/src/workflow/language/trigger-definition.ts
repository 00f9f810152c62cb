import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, Max, Min, ValidateNested } from '../../validation/class-validator-parts';
import type { ClassType } from '../../contracts/class-type';
import { IsDuration, IsTimeZone } from '../../validation/decorators';

/** The trigger types a workflow may declare. */
export const TRIGGER_TYPES = ['manual', 'scheduled', 'webhook'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** RFC 5545 recurrence frequencies (Kibana accepts DAILY, WEEKLY and MONTHLY of them). */
export const RRULE_FREQUENCIES = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type RRuleFrequency = (typeof RRULE_FREQUENCIES)[number];

/** RFC 5545 weekdays, as `byweekday` lists them. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A scheduled trigger's `rrule` (Kibana Workflows' shape of an RFC 5545 recurrence rule). */
export class RRuleDefinition {
  @IsIn(RRULE_FREQUENCIES) freq!: RRuleFrequency;
  /** Every n-th period of `freq` (default 1). */
  @IsOptional() @IsInt() @Min(1) interval?: number;
  /** IANA time zone of the by-rules (default UTC). */
  @IsOptional() @IsTimeZone() tzid?: string;
  /** When the recurrence starts (ISO 8601). */
  @IsOptional() @IsISO8601() dtstart?: string;
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsInt({ each: true }) @Min(0, { each: true }) @Max(23, { each: true }) byhour?: number[];
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsInt({ each: true }) @Min(0, { each: true }) @Max(59, { each: true }) byminute?: number[];
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsIn(WEEKDAYS, { each: true }) byweekday?: Weekday[];
  @IsOptional() @IsArray() @ArrayNotEmpty() @IsInt({ each: true }) @Min(1, { each: true }) @Max(31, { each: true }) bymonthday?: number[];
}

/** A scheduled trigger's `with`: `every` (a duration) or `rrule`, exactly one of them. */
export class ScheduledTriggerWith {
  @IsOptional() @IsDuration() every?: string;
  @IsOptional() @ValidateNested() @Type(() => RRuleDefinition) rrule?: RRuleDefinition;
}

/**
 * The class each trigger type's `with` is checked against; `undefined`: the type takes no
 * `with` keys (`manual` is run by hand, `webhook` by `POST /api/hooks/{workflowId}`).
 */
export const TRIGGER_WITH: Readonly<Record<TriggerType, ClassType<object> | undefined>> = {
  manual: undefined,
  scheduled: ScheduledTriggerWith,
  webhook: undefined,
};

/** One `triggers` entry; its `with` is checked per type (see {@link TRIGGER_WITH}). */
export class TriggerDefinition {
  @IsIn(TRIGGER_TYPES) type!: TriggerType;
  /** `scheduled`: `{ every: 5m }` or `{ rrule: {...} }`; the other types take none. */
  @IsOptional() @IsObject() with?: Record<string, unknown>;
}
