import type { FieldPath, Problem } from './problem';

/** Locates a config path in the config file, for problems found after loading. */
export const ConfigProblems = Symbol.for('relayflow.ConfigProblems');
export interface ConfigProblems {
  /**
   * @param path - the path in the config document, e.g. `['connectors', 0, 'type']`
   * @param message - what is wrong
   * @param code - the problem's code, when known (see `ProblemCode`)
   * @returns the problem with its dotted path, field path, code and (for a file) location
   */
  locate(path: FieldPath, message: string, code?: string): Problem;
}
