import type { ForeachStep } from '../../contracts/compiled-workflow';
import type { StepKind } from '../../contracts/step-kind';

const NO_ITEMS = { source: [], resolve: () => [] };

/** The `foreach` block: runs `steps` once per item; the output is the number of items. */
export const foreachStep: StepKind<ForeachStep> = {
  kind: 'foreach',
  pure: true,
  keys: { steps: 'required' },
  block: true,
  loops: true,
  recordStart: true,
  handles: (type) => type === 'foreach',
  types: () => [{ type: 'foreach', description: 'run steps once per item of foreach' }],
  compile({ base, plain }, tools) {
    if (plain.steps === undefined) tools.missing('steps', 'the steps the foreach step runs');
    if (plain.foreach === undefined) tools.missing('foreach', 'the items to loop over');
    // Compiled even without items, so problems inside the body are reported too.
    return { ...base, kind: 'foreach', items: base.items ?? NO_ITEMS, body: tools.steps('steps') };
  },
  async run(step, run) {
    const items = run.items(step.items);
    for (let index = 0; index < items.length; index++) await run.runSteps(step.body, { items, index });
    return { items: items.length };
  },
};
