/**
 * @relayflow/core: the DI core. Embedding hosts use `createRelayflow`; plugin authors use
 * `@relayflow/sdk`, which re-exports the contracts from here.
 */
import 'reflect-metadata';

export { ok, error, isActionResult } from './contracts/action-result';
export type { ActionOk, ActionError, ActionResult } from './contracts/action-result';
export type { ClassType } from './contracts/class-type';
export { defineConnectorType } from './contracts/connector-type';
export type {
  ActionContext, ActionDefinition, ActionType, ConnectorRef, ConnectorRequirement, ConnectorTestContext, ConnectorType,
  ConnectorTypeDefinition, ConnectorValidationTools,
} from './contracts/connector-type';
export { HttpClient } from './contracts/http-client';
export type { HttpMethod, HttpRequest, HttpResponse, TlsOptions, VerificationMode } from './contracts/http-client';
export { definePlugin, isPlugin } from './contracts/plugin';
export type { Plugin, PluginSetupContext, PluginStartContext } from './contracts/plugin';
export { RelayflowError } from './errors/relayflow-error';
export { errorCodeOf, errorInfo, exitCodeFor, httpStatusFor, isErrorCode } from './errors/error-info';
export { ERROR_TABLE } from './errors/error-table';
export type { ErrorCode, RecordOnlyErrorCode, RelayflowErrorCode } from './errors/error-table';
export type { ErrorCategory, ErrorHttpStatus, ErrorInfo, RecordOnlyErrorInfo } from './errors/define-errors';
export { errorCodeOfRecord, recordedErrorFor } from './errors/recorded-error';
export { formatProblem } from './errors/format-problem';
export type { FieldPath, Problem, ProblemCode, SourceLocation } from './contracts/problem';
export { SDK_VERSION } from './contracts/sdk-version';

export { coreModule } from './runtime/core-module';
export * from './contracts/action-executor';
export * from './contracts/api-keys';
export * from './contracts/compiled-workflow';
export * from './contracts/config-problems';
export * from './contracts/connector';
export * from './contracts/connector-limiter';
export * from './contracts/connector-service';
export * from './contracts/connector-type-registry';
export * from './contracts/execution-record';
export * from './contracts/lifecycle';
export * from './contracts/logger';
export * from './contracts/plugin-host';
export * from './contracts/runtime-environment';
export * from './contracts/secret-provider';
export * from './contracts/server-contribution';
export * from './contracts/step-kind';
export * from './contracts/store';
export * from './contracts/store-factory';
export * from './contracts/trigger-store';
export * from './contracts/workflow-library';
export * from './contracts/workflow-service';
export { Config } from './config/relayflow-config';
export { createContainer, createRelayflow } from './runtime/create-relayflow';
export type { RelayflowOptions } from './runtime/create-relayflow';
export { MAX_PAGE_SIZE, Relayflow } from './runtime/relayflow';
export type { ConnectorTypeDetail, ConnectorTypeInfo, Connectors, ExecutionPageOptions, Executions } from './runtime/relayflow';
export type { FieldInfo } from './workflow/schema/field-info';
export {
  DEFAULT_RETRY_AFTER_CAP_MS, bodyExcerpt, describeResponse, httpErrorResult, isRetryableRequestCode, isSuccess, parseRetryAfter,
  requestErrorResult, retryFor, serviceMessageOf,
} from './http/response-classification';
export { OAuth2TokenCache } from './http/oauth2-client-credentials';
export type { OAuth2AccessToken, OAuth2ClientCredentials, OAuth2TokenRequestOptions } from './http/oauth2-client-credentials';
export { stripCredentials } from './secrets/redaction';
export { encodePathSegment } from './http/url-path';
export { DEFAULT_MAX_REDIRECTS, EgressHttpClient } from './http/egress-http-client';
export { isPrivateAddress } from './http/private-network';
export type { DnsLookup } from './http/private-network';
export { ConfiguredApiKey, RelayflowConfig, ServerSettings, parseRateLimit } from './config/relayflow-config';
export type { ConfigSectionInput, PreconfiguredConnectorInput, RelayflowConfigInput } from './config/relayflow-config-input';
export { ConsoleLogger } from './logging/console-logger';
export { PinoLogger } from './logging/pino-logger';
export type { PinoLoggerOptions } from './logging/pino-logger';
export type { LogFormat, LogSink } from './logging/log-destination';
export { DEFAULT_STOP_TIMEOUT_MS, LifecycleImpl } from './lifecycle/lifecycle-impl';
export { SqliteStoreFactory } from './store/sqlite/sqlite-store-factory';
export { PostgresStoreFactory } from './store/postgres/postgres-store-factory';
export { REDACTED, redact, redactText, redactingLogger, secretValuesOf } from './secrets/redaction';
export { IsByteSize, IsDuration, IsStringRecord } from './validation/decorators';
export { Description, fieldDescription } from './validation/field-description';
export { parseByteSize, parseDuration } from './validation/units';
export {
  compileValue, containsTemplate, isTemplate, renderTemplate, renderValue, templateNames, valueText,
} from './templating/template-renderer';
export type { TemplateContext } from './templating/template-renderer';
export { resolvePath } from './templating/safe-context';
export { compileCondition, evaluateCondition } from './workflow/conditions/condition';
export { WorkflowServiceImpl } from './workflow/workflow-service';
