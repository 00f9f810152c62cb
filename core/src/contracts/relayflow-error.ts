import type { Problem } from './problem';

export type { Problem, SourceLocation } from './problem';

/**
 * Stable error codes. Each code is part of the public contract: hosts and tests may switch on it.
 * The `exitCode` the CLI uses for each is in {@link exitCodeFor}.
 */
export type RelayflowErrorCode =
  | 'VALIDATION_FAILED'
  | 'CONFIG_INVALID'
  | 'WORKFLOW_INVALID'
  | 'WORKFLOW_DISABLED'
  | 'BAD_ARGUMENT'
  | 'CONNECTOR_NOT_FOUND'
  | 'CONNECTOR_TYPE_NOT_FOUND'
  | 'CONNECTOR_NAME_TAKEN'
  | 'CONNECTOR_ID_TAKEN'
  | 'CONNECTOR_READ_ONLY'
  | 'ACTION_NOT_FOUND'
  | 'PLUGIN_NOT_FOUND'
  | 'PLUGIN_INVALID'
  | 'PLUGIN_INCOMPATIBLE'
  | 'PLUGIN_DEPENDENCY_MISSING'
  | 'PLUGIN_DUPLICATE'
  | 'PLUGIN_FAILED'
  | 'DUPLICATE_TYPE'
  | 'REGISTRY_FROZEN'
  | 'ENCRYPTION_KEY_INVALID'
  | 'DECRYPTION_FAILED'
  | 'HOST_NOT_ALLOWED'
  | 'PRIVATE_NETWORK_DENIED'
  | 'HTTP_TIMEOUT'
  | 'HTTP_ABORTED'
  | 'RESPONSE_TOO_LARGE'
  | 'NETWORK_ERROR'
  | 'TLS_ERROR'
  | 'EXECUTION_NOT_FOUND'
  | 'STORE_ERROR'
  | 'STORE_UNAVAILABLE'
  | 'NOT_SUPPORTED'
  | 'INTERNAL';

const BRAND = Symbol.for('relayflow.RelayflowError');

/** Codes that are the caller's mistake (bad input or configuration): the CLI exits 2 for them. */
const USER_ERROR_CODES: ReadonlySet<RelayflowErrorCode> = new Set<RelayflowErrorCode>([
  'VALIDATION_FAILED', 'CONFIG_INVALID', 'WORKFLOW_INVALID', 'WORKFLOW_DISABLED', 'BAD_ARGUMENT', 'CONNECTOR_NOT_FOUND',
  'CONNECTOR_TYPE_NOT_FOUND', 'CONNECTOR_NAME_TAKEN', 'CONNECTOR_ID_TAKEN', 'CONNECTOR_READ_ONLY',
  'ACTION_NOT_FOUND', 'PLUGIN_NOT_FOUND', 'PLUGIN_INVALID', 'PLUGIN_INCOMPATIBLE',
  'PLUGIN_DEPENDENCY_MISSING', 'PLUGIN_DUPLICATE', 'PLUGIN_FAILED', 'DUPLICATE_TYPE',
  'ENCRYPTION_KEY_INVALID', 'DECRYPTION_FAILED', 'EXECUTION_NOT_FOUND', 'NOT_SUPPORTED', 'STORE_UNAVAILABLE',
  'HOST_NOT_ALLOWED', 'PRIVATE_NETWORK_DENIED',
]);

/**
 * The one error class Relayflow throws. `code` is a stable literal; `problems` lists every
 * problem found (validation reports all of them at once); `cause` keeps the underlying error.
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

  /** True when the error is the caller's mistake (bad input or configuration) rather than a failure. */
  get isUserError(): boolean {
    return USER_ERROR_CODES.has(this.code);
  }
}

/**
 * The CLI exit code for an error: 2 for bad input or configuration, 1 otherwise.
 * @param err - any thrown value
 */
export function exitCodeFor(err: unknown): 1 | 2 {
  return RelayflowError.is(err) && err.isUserError ? 2 : 1;
}

/** Formats one problem as `FILE:LINE:COL: message`, or `path: message`, or just the message. */
export function formatProblem(problem: Problem): string {
  if (problem.location) {
    const { file, line, col } = problem.location;
    return `${file}:${line}:${col}: ${problem.message}`;
  }
  return problem.path && !problem.message.startsWith(problem.path) ? `${problem.path}: ${problem.message}` : problem.message;
}
