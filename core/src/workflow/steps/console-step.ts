import { IsDefined } from '../../validation/class-validator-parts';
import type { ConsoleStep } from '../../contracts/compiled-workflow';
import type { StepKind } from '../../contracts/step-kind';

/** `console`'s `with`. */
export class ConsoleParams {
  @IsDefined() message!: unknown;
}

/** `console`: prints `with.message`; the step's output is the rendered message. */
export const consoleStep: StepKind<ConsoleStep> = {
  kind: 'console',
  pure: true,
  keys: { with: 'optional' },
  handles: (type) => type === 'console',
  types: () => [{ type: 'console', description: 'print with.message; output = the message', params: ConsoleParams }],
  compile({ base }, tools) {
    tools.checkParams(ConsoleParams);
    return { ...base, kind: 'console', render: tools.renderer() };
  },
  async run(step, run) {
    const message = (step.render(run.context) as { message: unknown }).message;
    run.print(message);
    return message;
  },
};
