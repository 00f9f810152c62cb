import { validateClass, type FieldPath } from '../../validation/class-validation';
import { parseDuration } from '../../validation/units';
import type { CompiledTrigger } from '../../contracts/compiled-workflow';
import { RRuleDefinition, TRIGGER_TYPES, TRIGGER_WITH, type TriggerType } from '../language/trigger-definition';
import type { ProblemSink } from './problem-sink';
import { isPlain } from './plain';

/** What a workflow without `triggers` has: it is run by hand. */
const DEFAULT_TRIGGERS: readonly CompiledTrigger[] = Object.freeze([{ type: 'manual' }]);

/**
 * Checks each trigger's `with` against its type (unknown keys with "did you mean", `every` or
 * `rrule` for `scheduled`, no keys for `manual` and `webhook`) and returns the triggers for a
 * scheduler or server to read. The entries' shape (`type`, `with` a mapping) is class
 * validation's; entries of the wrong shape are skipped here.
 */
export function compileTriggers(list: unknown, sink: ProblemSink): CompiledTrigger[] {
  if (list === undefined) return [...DEFAULT_TRIGGERS];
  if (!Array.isArray(list)) return [];
  const out: CompiledTrigger[] = [];
  list.forEach((item, i) => {
    if (!isPlain(item) || !TRIGGER_TYPES.includes(item.type as TriggerType)) return;
    const trigger = compileTrigger(item.type as TriggerType, item.with, ['triggers', i], sink);
    if (trigger) out.push(trigger);
  });
  return out;
}

function compileTrigger(type: TriggerType, w: unknown, path: FieldPath, sink: ProblemSink): CompiledTrigger | undefined {
  if (w !== undefined && !isPlain(w)) return undefined;
  const schema = TRIGGER_WITH[type];
  if (!schema) {
    if (w && Object.keys(w).length) sink.add([...path, 'with'], `a ${type} trigger takes no with; remove it`, 'key');
    return { type } as CompiledTrigger;
  }
  const checked = validateClass(schema, w, [...path, 'with']);
  if (!checked.ok) sink.addAll(checked.problems);
  if (!w || (w.every === undefined && w.rrule === undefined)) {
    sink.add([...path, 'with'], 'a scheduled trigger needs with: { every: 5m } or with: { rrule: { freq: DAILY, byhour: [8] } }', w ? 'value' : 'parent');
    return undefined;
  }
  if (w.every !== undefined && w.rrule !== undefined) {
    sink.add([...path, 'with'], 'a scheduled trigger takes either every or rrule, not both');
    return undefined;
  }
  if (!checked.ok) return undefined;
  if (w.every !== undefined) return { type: 'scheduled', everyMs: parseDuration(w.every) as number };
  const rule = (checked.value as { rrule: RRuleDefinition }).rrule;
  return { type: 'scheduled', rrule: { ...rule, interval: rule.interval ?? 1 } };
}
