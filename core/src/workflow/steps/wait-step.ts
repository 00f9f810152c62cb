import type { WaitStep } from '../../contracts/compiled-workflow';
import type { StepKind } from '../../contracts/step-kind';
import { IsDuration } from '../../validation/decorators';
import { parseDuration } from '../../validation/units';
import { StepError } from '../engine/step-error';

/** `wait`'s `with`. */
export class WaitParams {
  @IsDuration() duration!: string;
}

/**
 * `wait`: pauses the execution for `with.duration` (abortable by a timeout or cancellation), counted
 * from the step's first start; a long wait in a server or worker is a durable timer (it parks).
 */
export const waitStep: StepKind<WaitStep> = {
  kind: 'wait',
  keys: { with: 'optional' },
  recordStart: true,
  handles: (type) => type === 'wait',
  types: () => [{ type: 'wait', description: 'wait with.duration (e.g. 5s)', params: WaitParams }],
  compile({ base }, tools) {
    tools.checkParams(WaitParams);
    return { ...base, kind: 'wait', render: tools.renderer() };
  },
  async run(step, run) {
    const duration = (step.render(run.context) as { duration: unknown }).duration;
    const ms = parseDuration(duration);
    if (ms === undefined) throw StepError.of('VALIDATION_FAILED', `wait: duration must be a duration such as 5s, at most 24d (got ${JSON.stringify(duration)})`);
    if (run.dryRun) return { waitedMs: 0 };
    await run.durableSleep(ms);
    return { waitedMs: ms };
  },
};
