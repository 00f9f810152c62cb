/**
 * What kind of failure a code is, for hosts that group errors:
 * - `input`: the request or its data is wrong (bad argument, invalid params or workflow)
 * - `config`: the installation is wrong (config file, plugins, encryption key, store)
 * - `not_found`: a named thing does not exist
 * - `conflict`: the request clashes with what exists (a name or id taken, a read-only or disabled thing)
 * - `egress`: an outbound request was refused or failed, or the remote service reported a failure
 * - `execution`: a run ended early (cancelled, timed out, a condition or `foreach` that cannot be used)
 * - `internal`: a bug or a broken store; nothing the caller can fix
 */
export type ErrorCategory = 'input' | 'config' | 'not_found' | 'conflict' | 'egress' | 'execution' | 'internal';

/**
 * The HTTP statuses the REST server answers errors with: 400 bad input or invalid workflow,
 * 401 / 403 authentication and scope, 404 not found, 409 conflict, 413 body too large,
 * 429 rate limited, 500 server-side failure, 501 not available in this version, 502 the remote
 * service failed, 503 unavailable (store, shutting down), 504 timed out.
 */
export type ErrorHttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 501 | 502 | 503 | 504;

/** Everything Relayflow's surfaces need to know about one error code. */
export interface ErrorInfo {
  /** What kind of failure it is. */
  readonly category: ErrorCategory;
  /** Whether trying the same thing again may succeed (the engine retries such steps when told to). */
  readonly retryable: boolean;
  /** The PascalCase `type` written in execution records (`{ type, message, retryable }`). */
  readonly recordType: string;
  /** The `relayflow` exit code: 2 for bad input or configuration, 1 for a failure. */
  readonly exitCode: 1 | 2;
  /** The status the REST server answers with. */
  readonly httpStatus: ErrorHttpStatus;
  /**
   * True for the engine's own failure kinds (cancelled, timed out, ...): they appear in records
   * only and are never thrown as a `RelayflowError`.
   */
  readonly recordOnly?: boolean;
}

/** The entry of a record-only code (`CANCELLED`, `STEP_TIMEOUT`, ...). */
export interface RecordOnlyErrorInfo extends ErrorInfo {
  /** Always true: the code appears in execution records only. */
  readonly recordOnly: true;
}

/** One entry as written in the table: the record type must be PascalCase. */
export interface ErrorSpec extends ErrorInfo {
  readonly recordType: Capitalize<string>;
}

/**
 * Declares the error table. The keys are the codes, so code unions derive from it; each entry
 * is typed {@link ErrorInfo}, and record-only entries keep `recordOnly: true` in their type.
 * @param table - one {@link ErrorSpec} per SCREAMING_CASE code
 * @returns the same table, frozen
 */
export function defineErrors<const T extends Record<string, ErrorSpec>>(table: T): ErrorTable<T> {
  for (const info of Object.values(table)) Object.freeze(info);
  // Only the entries' types widen (their literal values stay out of the public types): same object.
  return Object.freeze(table) as unknown as ErrorTable<T>;
}

/** The table's type: each code's entry as {@link ErrorInfo} or {@link RecordOnlyErrorInfo}. */
type ErrorTable<T> = { readonly [K in keyof T]: T[K] extends { readonly recordOnly: true } ? RecordOnlyErrorInfo : ErrorInfo };
