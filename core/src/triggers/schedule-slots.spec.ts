import { expect } from 'chai';
import { scheduleSlots } from './schedule-slots';

const at = (iso: string): number => Date.parse(iso);
const show = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('scheduleSlots', () => {
  it('counts every from the anchor: next is strictly after, latest is at or before and after the anchor', () => {
    const slots = scheduleSlots({ type: 'scheduled', everyMs: 300_000 }, at('2026-01-01T00:00:00Z'));
    expect(show(slots.next(at('2026-01-01T00:00:00Z')))).to.equal('2026-01-01T00:05:00.000Z');
    expect(show(slots.next(at('2026-01-01T00:05:00Z')))).to.equal('2026-01-01T00:10:00.000Z');
    expect(show(slots.latest(at('2026-01-01T00:12:00Z')))).to.equal('2026-01-01T00:10:00.000Z');
    expect(slots.latest(at('2026-01-01T00:04:59Z'))).to.equal(undefined);
  });

  it('places rrule occurrences in their time zone, with dtstart read in that zone', () => {
    const slots = scheduleSlots({
      type: 'scheduled',
      rrule: { freq: 'WEEKLY', interval: 1, tzid: 'America/New_York', dtstart: '2026-01-05T08:30:00', byweekday: ['MO', 'TH'] },
    }, at('2026-01-01T00:00:00Z'));
    expect(show(slots.next(at('2026-01-06T00:00:00Z')))).to.equal('2026-01-08T13:30:00.000Z');
    expect(show(slots.latest(at('2026-01-08T13:29:00Z')))).to.equal('2026-01-05T13:30:00.000Z');
  });

  it('moves a local time that a daylight-saving change skips forward, and never returns a slot at or before the given time', () => {
    // 02:30 does not exist in Berlin on 29 March 2026 (clocks go from 02:00 to 03:00).
    const slots = scheduleSlots({ type: 'scheduled', rrule: { freq: 'DAILY', interval: 1, tzid: 'Europe/Berlin', byhour: [2], byminute: [30] } }, at('2026-03-27T00:00:00Z'));
    const first = slots.next(at('2026-03-28T12:00:00Z'));
    expect(show(first)).to.equal('2026-03-29T01:30:00.000Z');
    expect(show(slots.next(first as number))).to.equal('2026-03-30T00:30:00.000Z');
  });
});
