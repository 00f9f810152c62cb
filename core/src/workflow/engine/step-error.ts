import type { ActionError } from '../../contracts/action-result';
import type { RecordedError } from '../../contracts/execution-record';
import type { ErrorCode } from '../../errors/error-table';
import { errorCodeOf } from '../../errors/error-info';
import { recordedErrorFor } from '../../errors/recorded-error';
import { RelayflowError } from '../../errors/relayflow-error';

/** A step failure with the error the record shows and, for connector results, when to retry. */
export class StepError extends Error {
  constructor(readonly recorded: RecordedError, readonly retryAt?: Date) {
    super(recorded.message);
    this.name = 'StepError';
  }

  /**
   * A step failure of one of the table's codes, e.g. `StepError.of('FOREACH_NOT_ARRAY', message)`.
   * @param code - the table code; the record's `type` and `retryable` come from it
   * @param message - what happened
   * @param options - a `retryable` that overrides the table's, and `details`
   */
  static of(code: ErrorCode, message: string, options?: { retryable?: boolean; details?: Record<string, unknown> }): StepError {
    return new StepError(recordedErrorFor(code, message, options));
  }

  /** The failure of a connector action that returned `error({...})`: retryable unless its `retry` is false. */
  static fromResult(result: ActionError): StepError {
    const details: Record<string, unknown> = { ...result.details };
    if (result.serviceMessage !== undefined) details.serviceMessage = result.serviceMessage;
    if (result.retry instanceof Date) details.retryAt = result.retry.toISOString();
    const recorded = recordedErrorFor('CONNECTOR_ERROR', result.message, {
      retryable: result.retry !== false,
      details: Object.keys(details).length ? details : undefined,
    });
    return new StepError(recorded, result.retry instanceof Date ? result.retry : undefined);
  }
}

/**
 * The record's `{ type, message, retryable }` for anything a step threw, from the error table:
 * a RelayflowError's code gives its type (its problems are added to the message); anything else
 * is `INTERNAL` (`InternalError`, never retried).
 */
export function recordedError(err: unknown): RecordedError {
  if (err instanceof StepError) return err.recorded;
  if (RelayflowError.is(err)) {
    const problems = err.problems.length ? `: ${err.problems.map((p) => p.message).join('; ')}` : '';
    const message = err.message.includes(problems.slice(2)) ? err.message : `${err.message}${problems}`;
    return recordedErrorFor(errorCodeOf(err), message);
  }
  return recordedErrorFor('INTERNAL', (err as Error)?.message ?? String(err));
}
