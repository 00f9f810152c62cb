import type { DataSetStep } from '../../contracts/compiled-workflow';
import type { StepKind } from '../../contracts/step-kind';
import { isPlain } from '../validation/plain';

/** `data.set`: each key of the rendered `with` becomes `variables.KEY`; the output is the values. */
export const dataSetStep: StepKind<DataSetStep> = {
  kind: 'data.set',
  pure: true,
  keys: { with: 'required' },
  handles: (type) => type === 'data.set',
  types: () => [{ type: 'data.set', description: 'each key of with becomes variables.KEY', withRequired: true }],
  compile({ base, plain }, tools) {
    if (plain.with === undefined || (isPlain(plain.with) && Object.keys(plain.with).length === 0)) {
      tools.problem(['with'], 'data.set needs a with mapping: each key becomes variables.KEY', plain.with === undefined ? 'parent' : 'value');
    }
    return { ...base, kind: 'data.set', render: tools.renderer() };
  },
  async run(step, run) {
    const values = step.render(run.context) as Record<string, unknown>;
    run.setVariables(values);
    return values;
  },
};
