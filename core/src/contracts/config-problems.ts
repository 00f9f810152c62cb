import type { FieldPath, Problem } from './problem';

/** Locates a config path in the config file, for problems found after loading. */
export const ConfigProblems = Symbol.for('relayflow.ConfigProblems');
export interface ConfigProblems {
  locate(path: FieldPath, message: string): Problem;
}
