import { expect } from 'chai';
import { error } from '../contracts/action-result';
import { reportError } from '../cli/output';
import { loadConfig } from '../config/config-loader';
import { requestFailure } from '../http/egress-errors';
import { encodePathSegment } from '../http/url-path';
import { renderTemplate } from '../templating/template-renderer';
import { recordedError, StepError } from '../workflow/engine/step-error';
import { thrownBy } from '../../../test/support/errors';
import { errorCodeOf, errorInfo, exitCodeFor, httpStatusFor, isErrorCode } from './error-info';
import { ERROR_TABLE, type ErrorCode, type RelayflowErrorCode } from './error-table';
import { errorCodeOfRecord, recordedErrorFor } from './recorded-error';
import { RelayflowError } from './relayflow-error';

/** The codes RelayflowError has: those it had before the table, and the ones added since (never removed). */
const THROWN = [
  'VALIDATION_FAILED', 'CONFIG_INVALID', 'WORKFLOW_INVALID', 'WORKFLOW_DISABLED', 'BAD_ARGUMENT', 'CONNECTOR_NOT_FOUND',
  'CONNECTOR_TYPE_NOT_FOUND', 'CONNECTOR_NAME_TAKEN', 'CONNECTOR_ID_TAKEN', 'CONNECTOR_READ_ONLY', 'ACTION_NOT_FOUND',
  'PLUGIN_NOT_FOUND', 'PLUGIN_INVALID', 'PLUGIN_INCOMPATIBLE', 'PLUGIN_DEPENDENCY_MISSING', 'PLUGIN_DUPLICATE', 'PLUGIN_FAILED',
  'DUPLICATE_TYPE', 'REGISTRY_FROZEN', 'ENCRYPTION_KEY_INVALID', 'DECRYPTION_FAILED', 'HOST_NOT_ALLOWED', 'PRIVATE_NETWORK_DENIED',
  'HTTP_TIMEOUT', 'HTTP_ABORTED', 'RESPONSE_TOO_LARGE', 'NETWORK_ERROR', 'TLS_ERROR', 'EXECUTION_NOT_FOUND', 'STORE_ERROR',
  'STORE_UNAVAILABLE', 'NOT_SUPPORTED', 'INTERNAL',
  // Added for stored workflows, API keys and the REST server (issue 14): additions only.
  'WORKFLOW_NOT_FOUND', 'WORKFLOW_NAME_TAKEN', 'API_KEY_NAME_TAKEN', 'API_KEY_NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN',
  'BODY_TOO_LARGE', 'RATE_LIMITED', 'SHUTTING_DOWN', 'ROUTE_NOT_FOUND',
  // Added for crash resume and scale-out (issue 15).
  'EXECUTION_NOT_RESUMABLE', 'CONNECTOR_SLOT_TIMEOUT',
] as const;

/** The contract's code-2 errors (bad input or configuration), as the CLI's exit policy had them. */
const USER_ERRORS = [
  'VALIDATION_FAILED', 'CONFIG_INVALID', 'WORKFLOW_INVALID', 'WORKFLOW_DISABLED', 'BAD_ARGUMENT', 'CONNECTOR_NOT_FOUND',
  'CONNECTOR_TYPE_NOT_FOUND', 'CONNECTOR_NAME_TAKEN', 'CONNECTOR_ID_TAKEN', 'CONNECTOR_READ_ONLY', 'ACTION_NOT_FOUND',
  'PLUGIN_NOT_FOUND', 'PLUGIN_INVALID', 'PLUGIN_INCOMPATIBLE', 'PLUGIN_DEPENDENCY_MISSING', 'PLUGIN_DUPLICATE', 'PLUGIN_FAILED',
  'DUPLICATE_TYPE', 'ENCRYPTION_KEY_INVALID', 'DECRYPTION_FAILED', 'EXECUTION_NOT_FOUND', 'NOT_SUPPORTED', 'STORE_UNAVAILABLE',
  'HOST_NOT_ALLOWED', 'PRIVATE_NETWORK_DENIED',
  'WORKFLOW_NOT_FOUND', 'WORKFLOW_NAME_TAKEN', 'API_KEY_NAME_TAKEN', 'API_KEY_NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN',
  'BODY_TOO_LARGE', 'RATE_LIMITED', 'ROUTE_NOT_FOUND', 'EXECUTION_NOT_RESUMABLE',
];

/** Record types records showed before the table, which must not change. */
const RECORDED_BEFORE: Record<string, string> = {
  VALIDATION_FAILED: 'InvalidParams', WORKFLOW_INVALID: 'TemplateError', CONNECTOR_NOT_FOUND: 'ConnectorNotFound',
  CONNECTOR_TYPE_NOT_FOUND: 'ConnectorTypeNotFound', ACTION_NOT_FOUND: 'ActionNotFound', DECRYPTION_FAILED: 'DecryptionFailed',
  INTERNAL: 'InternalError', CANCELLED: 'Cancelled', WORKFLOW_TIMEOUT: 'WorkflowTimeout', STEP_TIMEOUT: 'StepTimeout',
  CONDITION_FAILED: 'ConditionError', FOREACH_NOT_ARRAY: 'ForeachError', CONNECTOR_ERROR: 'ConnectorError',
};

// Compile-time: RelayflowErrorCode (derived from the table) is exactly the union it always was.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const unionUnchanged: Same<RelayflowErrorCode, (typeof THROWN)[number]> = true;

const CODES = Object.keys(ERROR_TABLE) as ErrorCode[];
const CATEGORIES = ['input', 'config', 'not_found', 'conflict', 'egress', 'execution', 'internal'];
const STATUSES = [400, 401, 403, 404, 409, 413, 429, 500, 501, 502, 503, 504];

/** What `fn` writes on stderr, and what it returns. */
function stderrOf<T>(fn: () => T): { value: T; text: string } {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { text += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    return { value: fn(), text };
  } finally {
    process.stderr.write = write;
  }
}

describe('ErrorTable', () => {
  describe('ERROR_TABLE', () => {
    it('gives every code a category, a retryable flag, a record type, an exit code and an HTTP status', () => {
      expect(CODES).to.have.length.greaterThan(THROWN.length);
      for (const code of CODES) {
        const info = ERROR_TABLE[code];
        expect(code, code).to.match(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
        expect(CATEGORIES, code).to.include(info.category);
        expect(info.retryable, code).to.be.a('boolean');
        expect(info.recordType, code).to.be.a('string');
        expect([1, 2], code).to.include(info.exitCode);
        expect(STATUSES, code).to.include(info.httpStatus);
        expect(Object.isFrozen(info), code).to.equal(true);
      }
    });

    it('exits 2 for exactly the bad-input and configuration codes of the contract', () => {
      expect(CODES.filter((c) => ERROR_TABLE[c].exitCode === 2)).to.have.members(USER_ERRORS);
    });

    it('records each code under its own PascalCase type', () => {
      const types = CODES.map((c) => ERROR_TABLE[c].recordType);
      for (const type of types) expect(type).to.match(/^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)*$/);
      expect(new Set(types).size).to.equal(types.length);
    });

    it('keeps the record types records showed before', () => {
      for (const [code, type] of Object.entries(RECORDED_BEFORE)) expect(errorInfo(code as ErrorCode).recordType, code).to.equal(type);
    });

    it('keeps the thrown codes as they were and marks the rest record-only', () => {
      expect(unionUnchanged).to.equal(true);
      expect(CODES.filter((c) => !ERROR_TABLE[c].recordOnly)).to.have.members([...THROWN]);
      expect(CODES.filter((c) => ERROR_TABLE[c].recordOnly)).to.have.members(['CANCELLED', 'WORKFLOW_TIMEOUT', 'STEP_TIMEOUT', 'CONDITION_FAILED', 'FOREACH_NOT_ARRAY', 'CONNECTOR_ERROR']);
    });

    it('answers 4xx for the caller\'s mistakes, 5xx for failures, and retries only transient failures', () => {
      expect(httpStatusFor(new RelayflowError('CONNECTOR_NOT_FOUND', 'x'))).to.equal(404);
      expect(httpStatusFor(new RelayflowError('CONNECTOR_NAME_TAKEN', 'x'))).to.equal(409);
      expect(httpStatusFor(new RelayflowError('WORKFLOW_INVALID', 'x'))).to.equal(400);
      expect(httpStatusFor(new RelayflowError('HTTP_TIMEOUT', 'x'))).to.equal(504);
      expect(httpStatusFor(new Error('boom'))).to.equal(500);
      expect(CODES.filter((c) => ERROR_TABLE[c].retryable)).to.have.members(['HTTP_TIMEOUT', 'NETWORK_ERROR', 'STEP_TIMEOUT']);
    });
  });

  describe('exitCodeFor', () => {
    it('exits 2 for a real configuration error and prints it as the CLI does', () => {
      const err = thrownBy(() => loadConfig({ config: { sotre: 'sqlite' } }));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(exitCodeFor(err)).to.equal(2).and.equal(ERROR_TABLE.CONFIG_INVALID.exitCode);
      const { value, text } = stderrOf(() => reportError(err));
      expect(value).to.equal(2);
      expect(text).to.match(/^error: sotre: unknown key "sotre"; did you mean "store"\?\n$/);
    });

    it('exits 1 for an egress failure and for anything that is not a RelayflowError', () => {
      const failure = requestFailure(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }), {
        url: new URL('https://api.example.com/'), timeoutMs: 1000, timeoutSetting: 'networking.responseTimeout', maxResponseContentLength: 1024,
      });
      expect(failure.code).to.equal('NETWORK_ERROR');
      expect(exitCodeFor(failure)).to.equal(1);
      const { value, text } = stderrOf(() => reportError(new TypeError('x is not a function')));
      expect(value).to.equal(1);
      expect(text).to.equal('error: x is not a function\n');
    });

    it('asks a RelayflowError from another copy whose code this copy does not know', () => {
      const foreign = (isUserError: boolean): RelayflowError => Object.defineProperties(new RelayflowError('INTERNAL', 'x'), {
        code: { value: 'SOMETHING_NEW' }, isUserError: { value: isUserError },
      });
      expect(isErrorCode('SOMETHING_NEW')).to.equal(false);
      expect(exitCodeFor(foreign(true))).to.equal(2);
      expect(exitCodeFor(foreign(false))).to.equal(1);
      expect(errorCodeOf(foreign(true))).to.equal('INTERNAL');
    });
  });

  describe('RelayflowError', () => {
    it('is a user error when its code exits 2', () => {
      expect(new RelayflowError('BAD_ARGUMENT', 'x').isUserError).to.equal(true);
      expect(new RelayflowError('STORE_ERROR', 'x').isUserError).to.equal(false);
    });
  });

  describe('recordedError', () => {
    it('records real errors with the table\'s type and retryable flag', () => {
      const invalid = thrownBy(() => encodePathSegment('..'));
      expect(recordedError(invalid)).to.deep.include({ type: 'InvalidParams', retryable: false });
      const template = thrownBy(() => renderTemplate('{{#open}}', {}));
      expect(recordedError(template)).to.deep.include({ type: ERROR_TABLE.WORKFLOW_INVALID.recordType, retryable: false });
      expect(recordedError(new Error('bug'))).to.deep.equal({ type: 'InternalError', message: 'bug', retryable: false });
      expect(recordedError(new RelayflowError('INTERNAL', 'bug'))).to.deep.equal({ type: 'InternalError', message: 'bug', retryable: false });
      expect(recordedError(new RelayflowError('STORE_UNAVAILABLE', 'closed')).type).to.equal('StoreUnavailable');
    });

    it('records a connector\'s error result as ConnectorError, retried when it says so', () => {
      expect(recordedError(StepError.fromResult(error({ message: 'down', retry: true })))).to.deep.equal({ type: 'ConnectorError', message: 'down', retryable: true });
      expect(recordedError(StepError.fromResult(error({ message: 'down' })))).to.deep.equal({ type: 'ConnectorError', message: 'down', retryable: false });
      expect(recordedError(StepError.fromResult(error({ message: 'no', serviceMessage: 'bad', retry: false })))).to.deep.equal({
        type: 'ConnectorError', message: 'no', retryable: false, details: { serviceMessage: 'bad' },
      });
    });
  });

  describe('recordedErrorFor', () => {
    it('makes the engine\'s errors from their codes, and reads the code back from the type', () => {
      expect(recordedErrorFor('STEP_TIMEOUT', 'slow')).to.deep.equal({ type: 'StepTimeout', message: 'slow', retryable: true });
      expect(StepError.of('FOREACH_NOT_ARRAY', 'not a list').recorded).to.deep.equal({ type: 'ForeachError', message: 'not a list', retryable: false });
      expect(recordedErrorFor('CANCELLED', 'stop', { details: { by: 'user' } })).to.deep.equal({ type: 'Cancelled', message: 'stop', retryable: false, details: { by: 'user' } });
      for (const code of CODES) expect(errorCodeOfRecord(recordedErrorFor(code, 'x'))).to.equal(code);
      expect(errorCodeOfRecord({ type: 'NoSuchType' })).to.equal(undefined);
    });
  });
});
