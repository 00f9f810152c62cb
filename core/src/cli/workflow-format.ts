import type { CompiledTrigger } from '../contracts/compiled-workflow';
import type { StoredWorkflow } from '../contracts/workflow-library';
import { table } from './output';

/** A trigger in a few words: `manual`, `webhook`, `every 5m`, `rrule DAILY (Europe/Paris)`. */
export function triggerText(trigger: CompiledTrigger): string {
  if (trigger.type !== 'scheduled') return trigger.type;
  if (trigger.everyMs !== undefined) return `every ${interval(trigger.everyMs)}`;
  const { freq, interval: n, tzid } = trigger.rrule;
  return `rrule ${n > 1 ? `${freq}/${n}` : freq}${tzid ? ` (${tzid})` : ''}`;
}

/** `workflows list` as a table. */
export function workflowsTable(list: StoredWorkflow[]): string {
  return table(['ID', 'VERSION', 'ENABLED', 'TRIGGERS', 'UPDATED'], list.map((w) => [
    w.id, w.version, w.enabled ? 'yes' : 'no', w.triggers.map(triggerText).join(', '), w.updatedAt,
  ]));
}

/** A whole number of the largest unit that divides it: 5m, 90s, 1500ms. */
function interval(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
