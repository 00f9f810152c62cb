/**
 * `@relayflow/core/plugin-api`: the values `@relayflow/sdk` re-exports to plugins, each from the
 * module that defines it. Loading a plugin (the CLI loads every installed one at start) then does
 * not load core's whole index with it: the egress client, the stores, the server's parts stay
 * unloaded until something uses them. The same declarations as the index's, not copies: one
 * `RelayflowError`, one registry of error codes. The SDK's types still come from `@relayflow/core`.
 */
import 'reflect-metadata';

export { ok, error, isActionResult } from './contracts/action-result';
export { defineConnectorType } from './contracts/connector-type';
export { definePlugin } from './contracts/plugin';
export { defineStepKind } from './contracts/step-kind';
export { SDK_VERSION } from './contracts/sdk-version';
export { RelayflowError } from './errors/relayflow-error';
export { ERROR_TABLE } from './errors/error-table';
export {
  bodyExcerpt, describeResponse, httpErrorResult, isRetryableRequestCode, isSuccess, parseRetryAfter, requestErrorResult, retryFor,
  serviceMessageOf,
} from './http/response-classification';
export { OAuth2TokenCache } from './http/oauth2-client-credentials';
export { encodePathSegment } from './http/url-path';
export { REDACTED, redact, redactText, stripCredentials } from './secrets/redaction';
export { isTemplate, renderTemplate, renderValue } from './templating/template-renderer';
export { IsByteSize, IsDuration, IsStringRecord } from './validation/decorators';
export { Description } from './validation/field-description';
export { parseDuration } from './validation/units';
