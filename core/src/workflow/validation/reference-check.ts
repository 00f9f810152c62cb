import type { CompiledStep } from '../../contracts/compiled-workflow';
import { didYouMean } from '../../validation/close-matches';
import type { ProblemSink } from './problem-sink';
import type { StepReference } from './step-compiler';

/**
 * Reports `steps.NAME` references to steps that do not run before the referencing one: unknown
 * names, the step itself, later steps, and steps of the other branch of an `if`. Steps that may
 * have run (an earlier `if` branch, an earlier loop body, a fallback) count as run before.
 * A fallback step may read the step it is the fallback of.
 */
export function checkReferences(
  steps: readonly CompiledStep[],
  references: Map<CompiledStep, StepReference[]>,
  nested: Map<CompiledStep, CompiledStep[][]>,
  names: ReadonlyMap<string, unknown>,
  sink: ProblemSink,
): void {
  const visit = (list: readonly CompiledStep[], available: Set<string>): Set<string> => {
    let current = new Set(available);
    for (const step of list) {
      for (const ref of references.get(step) ?? []) {
        if (current.has(ref.step)) continue;
        if (!names.has(ref.step)) {
          sink.add(ref.path, `unknown step "${ref.step}" in a steps.${ref.step} reference${didYouMean(ref.step, names.keys())}`);
        } else if (ref.step === step.name) {
          sink.add(ref.path, `step "${step.name}" refers to its own result (steps.${ref.step}); a step can only read steps that ran before it`);
        } else {
          sink.add(ref.path, `step "${step.name}" refers to steps.${ref.step}, which does not run before it`);
        }
      }
      const after = new Set(current);
      for (const inner of nested.get(step) ?? []) for (const n of visit(inner, current)) after.add(n);
      after.add(step.name);
      if (step.failure.fallback) for (const n of visit(step.failure.fallback, after)) after.add(n);
      current = after;
    }
    return current;
  };
  visit(steps, new Set());
}
