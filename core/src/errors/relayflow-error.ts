import type { Problem } from '../contracts/problem';
import { ERROR_TABLE, type RelayflowErrorCode } from './error-table';

// What the former contracts/relayflow-error exported beside the class, so importers only change the path.
export type { Problem, SourceLocation } from '../contracts/problem';
export type { RelayflowErrorCode } from './error-table';

const BRAND = Symbol.for('relayflow.RelayflowError');

/**
 * The one error class Relayflow throws. `code` is a stable literal from the {@link ERROR_TABLE};
 * `problems` lists every problem found (validation reports all of them at once); `cause` keeps
 * the underlying error.
 *
 * `RelayflowError.is(x)` recognises errors from any installed copy of the package.
 */
export class RelayflowError extends Error {
  /** Stable, machine-readable code. */
  readonly code: RelayflowErrorCode;
  /** Every problem found, each with a field path and, for files, a location. */
  readonly problems: readonly Problem[];
  /** Extra typed data for the caller (never secrets). */
  readonly details?: Record<string, unknown>;

  /**
   * @param code - the stable error code
   * @param message - what was wrong and what to do; never contains a secret value
   * @param options - problems, details and the cause
   */
  constructor(
    code: RelayflowErrorCode,
    message: string,
    options: { problems?: Problem[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RelayflowError';
    this.code = code;
    this.problems = options.problems ?? [];
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a RelayflowError from any copy of this package. */
  static is(value: unknown): value is RelayflowError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /**
   * True when the error is the caller's mistake (bad input or configuration) rather than a
   * failure: its code's exit code in the {@link ERROR_TABLE} is 2.
   */
  get isUserError(): boolean {
    return ERROR_TABLE[this.code]?.exitCode === 2;
  }
}
