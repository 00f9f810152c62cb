import { IsDefined } from 'class-validator';
import type { ClassType } from '../../contracts/class-type';
import { IsDuration } from '../../validation/decorators';

/** `console`: prints a message; the step's output is the rendered message. */
export class ConsoleParams {
  @IsDefined() message!: unknown;
}

/** `wait`: pauses the execution (abortable by a timeout or cancellation). */
export class WaitParams {
  @IsDuration() duration!: string;
}

/** A built-in step type: what it is, and the class its `with` is checked against (if any). */
export interface BuiltinStep {
  type: 'console' | 'wait' | 'data.set' | 'if' | 'foreach';
  description: string;
  params?: ClassType<object>;
  /** `if`/`foreach` blocks hold nested steps and take no `with`. */
  flow: boolean;
}

/** The built-in step types (contract §4.1). */
export const BUILTIN_STEPS: Readonly<Record<string, BuiltinStep>> = {
  console: { type: 'console', description: 'print with.message; output = the message', params: ConsoleParams, flow: false },
  wait: { type: 'wait', description: 'wait with.duration (e.g. 5s)', params: WaitParams, flow: false },
  'data.set': { type: 'data.set', description: 'each key of with becomes variables.KEY', flow: false },
  if: { type: 'if', description: 'run steps when condition is true, else the else steps', flow: true },
  foreach: { type: 'foreach', description: 'run steps once per item of foreach', flow: true },
};
