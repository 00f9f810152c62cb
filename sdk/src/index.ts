/**
 * @relayflow/sdk: everything a connector plugin imports from Relayflow. A plugin imports only
 * this package (lint-enforced for the official plugins), including the validation decorators
 * for its schema classes, so there is only ever one copy of class-validator and
 * class-transformer (both are peer dependencies).
 */
export {
  definePlugin, defineConnectorType, ok, error, isActionResult, RelayflowError, SDK_VERSION,
  IsByteSize, IsDuration, IsStringRecord, Description, REDACTED,
  bodyExcerpt, httpErrorResult, isSuccess, parseRetryAfter, retryFor,
  describeResponse, requestErrorResult, serviceMessageOf, redact, redactText, parseDuration,
  isTemplate, renderTemplate, renderValue,
  isRetryableRequestCode, OAuth2TokenCache, stripCredentials, encodePathSegment, defineStepKind, ERROR_TABLE,
  // From core's plugin entry, not its index: loading a plugin does not load the rest of core.
} from '@relayflow/core/plugin-api';
export type {
  ActionContext, ActionDefinition, ActionError, ActionOk, ActionResult, ActionType, ClassType, ConnectorRef,
  ConnectorRequirement, ConnectorTestContext, ConnectorType, ConnectorTypeDefinition, ConnectorValidationTools,
  HttpClient, HttpMethod, HttpRequest, HttpResponse, Logger, OAuth2AccessToken, OAuth2ClientCredentials, OAuth2TokenRequestOptions, Plugin, PluginSetupContext, PluginStartContext, Problem,
  RelayflowErrorCode, SourceLocation, StaticAssets, TemplateContext, TlsOptions, VerificationMode,
  CompiledStep, FailurePolicy, Guard, ItemsSource, Predicate, Renderer, RetryPolicy, StepCompileTools, StepKey, StepKind, StepRun, StepSource, StepTypeInfo,
  ErrorCategory, ErrorCode, ErrorHttpStatus, ErrorInfo, FieldPath, ProblemCode, RecordOnlyErrorCode, RecordOnlyErrorInfo,
} from '@relayflow/core';
export * from './validation';
