import type { RecordedError } from '../contracts/execution-record';
import { ERROR_TABLE, type ErrorCode } from './error-table';

/** Record type → code: record types are unique, so each names exactly one code. */
const BY_RECORD_TYPE: ReadonlyMap<string, ErrorCode> = new Map(
  (Object.keys(ERROR_TABLE) as ErrorCode[]).map((code) => [ERROR_TABLE[code].recordType, code]),
);

/**
 * The `{ type, message, retryable, details? }` an execution record shows for a code: `type` and
 * `retryable` come from the {@link ERROR_TABLE}.
 * @param code - the table code, e.g. `STEP_TIMEOUT`
 * @param message - what happened; never a secret value
 * @param options - `retryable` when the failure itself says (a connector's `retry`), and `details`
 * @returns a new record error
 */
export function recordedErrorFor(
  code: ErrorCode,
  message: string,
  options: { retryable?: boolean; details?: Record<string, unknown> } = {},
): RecordedError {
  const info = ERROR_TABLE[code];
  const recorded: RecordedError = { type: info.recordType, message, retryable: options.retryable ?? info.retryable };
  if (options.details !== undefined) recorded.details = options.details;
  return recorded;
}

/**
 * The table code of a record's error, read from its `type`.
 * @param recorded - a record error (or anything with its `type`)
 * @returns the code, or undefined for a type no code records
 */
export function errorCodeOfRecord(recorded: Pick<RecordedError, 'type'>): ErrorCode | undefined {
  return BY_RECORD_TYPE.get(recorded.type);
}
