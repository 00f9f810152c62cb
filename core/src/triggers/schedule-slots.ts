import { DateTime } from 'luxon';
import { RRule, type Weekday as RRuleWeekday } from 'rrule';
import type { CompiledTrigger, ScheduleRule, Weekday } from '../contracts/compiled-workflow';

/** A `scheduled` trigger as compiled. */
export type ScheduledTrigger = Extract<CompiledTrigger, { type: 'scheduled' }>;

/**
 * The slots (instants, ms since the epoch) a scheduled trigger fires at, counted from an
 * anchor — when the workflow was stored or enabled: `every` fires at anchor + n × interval
 * (n ≥ 1); an `rrule` at its occurrences after the anchor (from its `dtstart` when given, else
 * the anchor), in its `tzid` (UTC when absent).
 */
export interface ScheduleSlots {
  /** The first slot strictly after `ms`. */
  next(ms: number): number | undefined;
  /** The latest slot at or before `ms` (and after the anchor), or undefined when there is none. */
  latest(ms: number): number | undefined;
}

/** The slots of a trigger anchored at `anchorMs`. */
export function scheduleSlots(trigger: ScheduledTrigger, anchorMs: number): ScheduleSlots {
  return trigger.rrule ? new RRuleSlots(trigger.rrule, anchorMs) : new EverySlots(trigger.everyMs as number, anchorMs);
}

class EverySlots implements ScheduleSlots {
  constructor(private readonly everyMs: number, private readonly anchorMs: number) {}

  next(ms: number): number {
    if (ms < this.anchorMs) return this.anchorMs + this.everyMs;
    return this.anchorMs + (Math.floor((ms - this.anchorMs) / this.everyMs) + 1) * this.everyMs;
  }

  latest(ms: number): number | undefined {
    const n = Math.floor((ms - this.anchorMs) / this.everyMs);
    return n >= 1 ? this.anchorMs + n * this.everyMs : undefined;
  }
}

const WEEKDAYS: Record<Weekday, RRuleWeekday> = {
  MO: RRule.MO, TU: RRule.TU, WE: RRule.WE, TH: RRule.TH, FR: RRule.FR, SA: RRule.SA, SU: RRule.SU,
};

/**
 * rrule's recurrences computed on wall-clock time ("floating" dates: UTC fields that mean the
 * local time in `tzid`), then placed in the zone with luxon, so `byhour: [9]` in
 * `Europe/Berlin` is 09:00 there in summer and winter alike. A local time that a DST change
 * skips moves forward by the gap; one it repeats is its first occurrence.
 */
class RRuleSlots implements ScheduleSlots {
  private readonly rule: RRule;
  private readonly zone: string;

  constructor(spec: ScheduleRule, private readonly anchorMs: number) {
    this.zone = spec.tzid ?? 'UTC';
    const start = spec.dtstart ? DateTime.fromISO(spec.dtstart, { zone: this.zone }) : DateTime.fromMillis(anchorMs, { zone: this.zone });
    this.rule = new RRule({
      freq: RRule[spec.freq],
      interval: spec.interval,
      dtstart: this.floating(start),
      byhour: spec.byhour,
      byminute: spec.byminute,
      bysecond: spec.byhour || spec.byminute ? [0] : undefined,
      byweekday: spec.byweekday?.map((d) => WEEKDAYS[d]),
      bymonthday: spec.bymonthday,
    });
  }

  next(ms: number): number | undefined {
    let from = Math.max(ms, this.anchorMs);
    // A wall-clock time can map to an instant at or before `from` around a DST change: step on.
    for (let i = 0; i < 4; i++) {
      const found = this.rule.after(this.floating(DateTime.fromMillis(from, { zone: this.zone })), false);
      if (!found) return undefined;
      const at = this.instant(found);
      if (at > ms && at > this.anchorMs) return at;
      from = Math.max(from + 1000, at + 1000);
    }
    return undefined;
  }

  latest(ms: number): number | undefined {
    const found = this.rule.before(this.floating(DateTime.fromMillis(ms, { zone: this.zone })), true);
    if (!found) return undefined;
    const at = this.instant(found);
    return at <= ms && at > this.anchorMs ? at : undefined;
  }

  /** A zoned time as rrule's floating date: its wall-clock fields as UTC fields. */
  private floating(time: DateTime): Date {
    return new Date(Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second));
  }

  /** A floating date's wall-clock fields, read in the zone, as an instant. */
  private instant(floating: Date): number {
    return DateTime.fromObject({
      year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate(),
      hour: floating.getUTCHours(), minute: floating.getUTCMinutes(), second: floating.getUTCSeconds(),
    }, { zone: this.zone }).toMillis();
  }
}
