import type { ErrorHttpStatus, ErrorInfo } from './define-errors';
import { ERROR_TABLE, type ErrorCode } from './error-table';
import { RelayflowError } from './relayflow-error';

/**
 * True when `value` is a code of the {@link ERROR_TABLE}.
 * @param value - anything, e.g. the `code` of an error from another copy of the package
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_TABLE, value);
}

/**
 * The table entry of a code: category, retryable, record type, exit code and HTTP status.
 * @param code - a code of the {@link ERROR_TABLE}
 */
export function errorInfo(code: ErrorCode): ErrorInfo {
  return ERROR_TABLE[code];
}

/**
 * The table code of any thrown value: a RelayflowError's own code, `INTERNAL` for anything else
 * (and for a code this copy of Relayflow does not know).
 * @param err - any thrown value
 */
export function errorCodeOf(err: unknown): ErrorCode {
  return RelayflowError.is(err) && isErrorCode(err.code) ? err.code : 'INTERNAL';
}

/**
 * The CLI exit code for an error, from the {@link ERROR_TABLE}: 2 for bad input or
 * configuration, 1 otherwise (anything that is not a RelayflowError is `INTERNAL`: 1).
 * @param err - any thrown value
 */
export function exitCodeFor(err: unknown): 1 | 2 {
  if (RelayflowError.is(err) && !isErrorCode(err.code)) return err.isUserError ? 2 : 1; // a newer copy's code: ask that copy
  return errorInfo(errorCodeOf(err)).exitCode;
}

/**
 * The HTTP status the REST server answers an error with, from the {@link ERROR_TABLE}; 500 for
 * anything that is not a RelayflowError.
 * @param err - any thrown value
 */
export function httpStatusFor(err: unknown): ErrorHttpStatus {
  return errorInfo(errorCodeOf(err)).httpStatus;
}
