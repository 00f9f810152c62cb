import type { StepKind } from '../../contracts/step-kind';
import { consoleStep } from './console-step';
import { dataSetStep } from './data-set-step';
import { foreachStep } from './foreach-step';
import { ifStep } from './if-step';
import { waitStep } from './wait-step';

/**
 * The built-in step kinds without dependencies, in the order messages list them; the
 * connector kind (`ConnectorStepKind`) is bound after them, since it needs services.
 */
export const PLAIN_STEP_KINDS: readonly StepKind<any>[] = [consoleStep, waitStep, dataSetStep, ifStep, foreachStep];
