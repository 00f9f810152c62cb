import type { ActionError } from '../../contracts/action-result';
import { RelayflowError } from '../../contracts/relayflow-error';
import type { RecordedError } from '../../contracts/execution-record';

/** A step failure with the error the record shows and, for connector results, when to retry. */
export class StepError extends Error {
  constructor(readonly recorded: RecordedError, readonly retryAt?: Date) {
    super(recorded.message);
    this.name = 'StepError';
  }

  /** The failure of a connector action that returned `error({...})`. */
  static fromResult(result: ActionError): StepError {
    const details: Record<string, unknown> = { ...result.details };
    if (result.serviceMessage !== undefined) details.serviceMessage = result.serviceMessage;
    if (result.retry instanceof Date) details.retryAt = result.retry.toISOString();
    const recorded: RecordedError = { type: 'ConnectorError', message: result.message, retryable: result.retry !== false };
    if (Object.keys(details).length) recorded.details = details;
    return new StepError(recorded, result.retry instanceof Date ? result.retry : undefined);
  }
}

/** Error types for RelayflowError codes a step can meet at run time. */
const TYPES: Partial<Record<string, string>> = {
  VALIDATION_FAILED: 'InvalidParams',
  WORKFLOW_INVALID: 'TemplateError',
  CONNECTOR_NOT_FOUND: 'ConnectorNotFound',
  CONNECTOR_TYPE_NOT_FOUND: 'ConnectorTypeNotFound',
  ACTION_NOT_FOUND: 'ActionNotFound',
  DECRYPTION_FAILED: 'DecryptionFailed',
};

/**
 * The record's `{ type, message, retryable }` for anything a step threw. Errors the engine does
 * not know are `InternalError` and never retried.
 */
export function recordedError(err: unknown): RecordedError {
  if (err instanceof StepError) return err.recorded;
  if (RelayflowError.is(err)) {
    const problems = err.problems.length ? `: ${err.problems.map((p) => p.message).join('; ')}` : '';
    const message = err.message.includes(problems.slice(2)) ? err.message : `${err.message}${problems}`;
    return { type: TYPES[err.code] ?? err.code, message, retryable: false };
  }
  return { type: 'InternalError', message: (err as Error)?.message ?? String(err), retryable: false };
}
