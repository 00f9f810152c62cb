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
  /**
   * Set only for diagnostic use (`relayflow validate`, `plugins list`, `connectors types`): a
   * problem that leaves one part of the config unusable — a preconfigured connector whose type
   * no plugin provides, or that is invalid; stored secrets the key cannot open — is passed here
   * and start goes on. When absent, such a problem fails start.
   */
  warn?(problem: Problem): void;
  /**
   * Diagnostic use: paths in preconfigured connectors whose `${env:NAME}` was not set (already
   * reported through {@link warn}); those connectors are listed but cannot be used.
   */
  unsetPaths?: readonly FieldPath[];
}
