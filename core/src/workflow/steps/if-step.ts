import type { IfStep } from '../../contracts/compiled-workflow';
import type { StepKind } from '../../contracts/step-kind';

const NEVER = { source: false } as const;

/** `if`: runs `steps` when `condition` holds, else `else`; the output says which. */
export const ifStep: StepKind<IfStep> = {
  kind: 'if',
  pure: true,
  keys: { condition: 'required', steps: 'required', else: 'optional' },
  block: true,
  recordStart: true,
  handles: (type) => type === 'if',
  types: () => [{ type: 'if', description: 'run steps when condition is true, else the else steps' }],
  compile({ base, plain }, tools) {
    if (plain.condition === undefined) tools.missing('condition', "the if step's condition");
    if (plain.steps === undefined) tools.missing('steps', 'the steps the if step runs');
    const condition = plain.condition === undefined ? undefined : tools.condition('condition');
    // Compiled even when the condition is bad, so problems inside the branches are reported too.
    return { ...base, kind: 'if', condition: condition ?? NEVER, then: tools.steps('steps'), else: tools.steps('else') };
  },
  async run(step, run) {
    const pass = run.check(step.condition);
    await run.runSteps(pass ? step.then : step.else);
    return { condition: pass };
  },
};
