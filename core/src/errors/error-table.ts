import { defineErrors } from './define-errors';

/**
 * Every error code Relayflow has, with what each surface does with it: the record `type`, the
 * CLI exit code and the REST status all come from here. Codes and record types are public
 * contract: add codes, never rename one.
 *
 * - `exitCode` 2 = bad input or configuration (the contract's list), 1 = a failure.
 * - `httpStatus`: 404 when the code names the target of a request (a connector or execution in
 *   the URL); an unknown type or action named in a request body is 400. The installation's own
 *   problems (config, plugins, keys) are 500; egress refusals by policy are the request's (400);
 *   egress failures are the remote side's (502, 504 for a timeout); the store unavailable is 503.
 * - `recordType` is what records showed before this table existed: `VALIDATION_FAILED` records as
 *   `InvalidParams`, `WORKFLOW_INVALID` as `TemplateError` (at run time it is a template that
 *   failed), the rest as their PascalCase name.
 */
export const ERROR_TABLE = defineErrors({
  // Thrown as RelayflowError.
  /** Params, settings or a request failed validation (every problem listed). */
  VALIDATION_FAILED: { category: 'input', retryable: false, recordType: 'InvalidParams', exitCode: 2, httpStatus: 400 },
  /** relayflow.yaml, or settings derived from it, are invalid. */
  CONFIG_INVALID: { category: 'config', retryable: false, recordType: 'ConfigInvalid', exitCode: 2, httpStatus: 500 },
  /** The workflow is invalid, or (at run time) one of its templates cannot be rendered. */
  WORKFLOW_INVALID: { category: 'input', retryable: false, recordType: 'TemplateError', exitCode: 2, httpStatus: 400 },
  /** The workflow says `enabled: false`. */
  WORKFLOW_DISABLED: { category: 'conflict', retryable: false, recordType: 'WorkflowDisabled', exitCode: 2, httpStatus: 409 },
  /** A command-line argument or flag, an input or the event is wrong. */
  BAD_ARGUMENT: { category: 'input', retryable: false, recordType: 'BadArgument', exitCode: 2, httpStatus: 400 },
  /** No connector has that id or name. */
  CONNECTOR_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'ConnectorNotFound', exitCode: 2, httpStatus: 404 },
  /** No plugin registered that connector type (named in a body: 400). */
  CONNECTOR_TYPE_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'ConnectorTypeNotFound', exitCode: 2, httpStatus: 400 },
  /** Another connector has that name. */
  CONNECTOR_NAME_TAKEN: { category: 'conflict', retryable: false, recordType: 'ConnectorNameTaken', exitCode: 2, httpStatus: 409 },
  /** Another connector has that id. */
  CONNECTOR_ID_TAKEN: { category: 'conflict', retryable: false, recordType: 'ConnectorIdTaken', exitCode: 2, httpStatus: 409 },
  /** A preconfigured connector cannot be changed or deleted (the REST contract says 400). */
  CONNECTOR_READ_ONLY: { category: 'conflict', retryable: false, recordType: 'ConnectorReadOnly', exitCode: 2, httpStatus: 400 },
  /** The connector type has no such action (named in a body: 400). */
  ACTION_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'ActionNotFound', exitCode: 2, httpStatus: 400 },
  /** A plugin named in the config is not installed. */
  PLUGIN_NOT_FOUND: { category: 'config', retryable: false, recordType: 'PluginNotFound', exitCode: 2, httpStatus: 500 },
  /** A package is not a valid plugin, or registered something invalid. */
  PLUGIN_INVALID: { category: 'config', retryable: false, recordType: 'PluginInvalid', exitCode: 2, httpStatus: 500 },
  /** A plugin asks for an SDK range this Relayflow does not provide. */
  PLUGIN_INCOMPATIBLE: { category: 'config', retryable: false, recordType: 'PluginIncompatible', exitCode: 2, httpStatus: 500 },
  /** A plugin depends on a plugin that is not loaded. */
  PLUGIN_DEPENDENCY_MISSING: { category: 'config', retryable: false, recordType: 'PluginDependencyMissing', exitCode: 2, httpStatus: 500 },
  /** Two plugins have the same id. */
  PLUGIN_DUPLICATE: { category: 'config', retryable: false, recordType: 'PluginDuplicate', exitCode: 2, httpStatus: 500 },
  /** A plugin's setup, start or stop threw. */
  PLUGIN_FAILED: { category: 'config', retryable: false, recordType: 'PluginFailed', exitCode: 2, httpStatus: 500 },
  /** Two plugins registered the same connector type id. */
  DUPLICATE_TYPE: { category: 'config', retryable: false, recordType: 'DuplicateType', exitCode: 2, httpStatus: 500 },
  /** A plugin registered something after start: a bug in that plugin. */
  REGISTRY_FROZEN: { category: 'internal', retryable: false, recordType: 'RegistryFrozen', exitCode: 1, httpStatus: 500 },
  /** The encryption key is missing, too short or unreadable. */
  ENCRYPTION_KEY_INVALID: { category: 'config', retryable: false, recordType: 'EncryptionKeyInvalid', exitCode: 2, httpStatus: 500 },
  /** Stored secrets cannot be decrypted with the configured keys. */
  DECRYPTION_FAILED: { category: 'config', retryable: false, recordType: 'DecryptionFailed', exitCode: 2, httpStatus: 500 },
  /** networking.allowedHosts does not allow the host (a refusal by policy: 400). */
  HOST_NOT_ALLOWED: { category: 'egress', retryable: false, recordType: 'HostNotAllowed', exitCode: 2, httpStatus: 400 },
  /** The host is a private or loopback address, which the policy denies (400). */
  PRIVATE_NETWORK_DENIED: { category: 'egress', retryable: false, recordType: 'PrivateNetworkDenied', exitCode: 2, httpStatus: 400 },
  /** No complete response in time. */
  HTTP_TIMEOUT: { category: 'egress', retryable: true, recordType: 'HttpTimeout', exitCode: 1, httpStatus: 504 },
  /** The request was aborted by its caller (the step was cancelled or timed out). */
  HTTP_ABORTED: { category: 'egress', retryable: false, recordType: 'HttpAborted', exitCode: 1, httpStatus: 503 },
  /** The response is larger than networking.maxResponseContentLength. */
  RESPONSE_TOO_LARGE: { category: 'egress', retryable: false, recordType: 'ResponseTooLarge', exitCode: 1, httpStatus: 502 },
  /** The connection failed (refused, reset, DNS, a cut-off handshake). */
  NETWORK_ERROR: { category: 'egress', retryable: true, recordType: 'NetworkError', exitCode: 1, httpStatus: 502 },
  /** A certificate is not trusted, or a client certificate cannot be used. */
  TLS_ERROR: { category: 'egress', retryable: false, recordType: 'TlsError', exitCode: 1, httpStatus: 502 },
  /** No execution has that id. */
  EXECUTION_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'ExecutionNotFound', exitCode: 2, httpStatus: 404 },
  /** The execution cannot be resumed: it ended, or the process running it is alive. */
  EXECUTION_NOT_RESUMABLE: { category: 'conflict', retryable: false, recordType: 'ExecutionNotResumable', exitCode: 2, httpStatus: 409 },
  /** The store failed to read or write. */
  STORE_ERROR: { category: 'internal', retryable: false, recordType: 'StoreError', exitCode: 1, httpStatus: 500 },
  /** The store cannot be opened (data dir, a newer schema) or is closed. */
  STORE_UNAVAILABLE: { category: 'config', retryable: false, recordType: 'StoreUnavailable', exitCode: 2, httpStatus: 503 },
  /** A setting asks for something this version does not provide. */
  NOT_SUPPORTED: { category: 'config', retryable: false, recordType: 'NotSupported', exitCode: 2, httpStatus: 501 },
  /** No stored workflow has that id. */
  WORKFLOW_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'WorkflowNotFound', exitCode: 2, httpStatus: 404 },
  /** A stored workflow already has that name. */
  WORKFLOW_NAME_TAKEN: { category: 'conflict', retryable: false, recordType: 'WorkflowNameTaken', exitCode: 2, httpStatus: 409 },
  /** An API key already has that name. */
  API_KEY_NAME_TAKEN: { category: 'conflict', retryable: false, recordType: 'ApiKeyNameTaken', exitCode: 2, httpStatus: 409 },
  /** No API key has that name. */
  API_KEY_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'ApiKeyNotFound', exitCode: 2, httpStatus: 404 },
  /** No API key, or a wrong or revoked one. */
  UNAUTHORIZED: { category: 'input', retryable: false, recordType: 'Unauthorized', exitCode: 2, httpStatus: 401 },
  /** The API key lacks the route's scope. */
  FORBIDDEN: { category: 'input', retryable: false, recordType: 'Forbidden', exitCode: 2, httpStatus: 403 },
  /** The request body is larger than server.bodyLimit. */
  BODY_TOO_LARGE: { category: 'input', retryable: false, recordType: 'BodyTooLarge', exitCode: 2, httpStatus: 413 },
  /** Too many failed authentications from one address (server.authRateLimit). */
  RATE_LIMITED: { category: 'input', retryable: false, recordType: 'RateLimited', exitCode: 2, httpStatus: 429 },
  /** No worker gave a limited connector's action a slot in time (PostgreSQL work queue, no signal to wait on). */
  CONNECTOR_SLOT_TIMEOUT: { category: 'egress', retryable: false, recordType: 'ConnectorSlotTimeout', exitCode: 1, httpStatus: 503 },
  /** The server is shutting down and takes no new work. */
  SHUTTING_DOWN: { category: 'internal', retryable: false, recordType: 'ShuttingDown', exitCode: 1, httpStatus: 503 },
  /** No REST route has that method and path. */
  ROUTE_NOT_FOUND: { category: 'not_found', retryable: false, recordType: 'RouteNotFound', exitCode: 2, httpStatus: 404 },
  /** A bug; also what any thrown value that is not a RelayflowError counts as. */
  INTERNAL: { category: 'internal', retryable: false, recordType: 'InternalError', exitCode: 1, httpStatus: 500 },

  // The engine's own failure kinds: written in execution records, never thrown.
  /** The execution was cancelled. */
  CANCELLED: { category: 'execution', retryable: false, recordType: 'Cancelled', exitCode: 1, httpStatus: 409, recordOnly: true },
  /** The execution ran longer than settings.timeout. */
  WORKFLOW_TIMEOUT: { category: 'execution', retryable: false, recordType: 'WorkflowTimeout', exitCode: 1, httpStatus: 504, recordOnly: true },
  /** A step ran longer than its timeout; retried like any retryable failure. */
  STEP_TIMEOUT: { category: 'execution', retryable: true, recordType: 'StepTimeout', exitCode: 1, httpStatus: 504, recordOnly: true },
  /** An `if` condition could not be evaluated. */
  CONDITION_FAILED: { category: 'execution', retryable: false, recordType: 'ConditionError', exitCode: 1, httpStatus: 400, recordOnly: true },
  /** A `foreach` resolved to something that is not a list. */
  FOREACH_NOT_ARRAY: { category: 'execution', retryable: false, recordType: 'ForeachError', exitCode: 1, httpStatus: 400, recordOnly: true },
  /** A connector action returned `error({...})`; its `retry` decides (false unless it says so, as `error()`). */
  CONNECTOR_ERROR: { category: 'egress', retryable: false, recordType: 'ConnectorError', exitCode: 1, httpStatus: 502, recordOnly: true },
});

/** Every code in the {@link ERROR_TABLE}. */
export type ErrorCode = keyof typeof ERROR_TABLE;

/** The engine's failure kinds, which appear in execution records only. */
export type RecordOnlyErrorCode = {
  [K in ErrorCode]: (typeof ERROR_TABLE)[K] extends { readonly recordOnly: true } ? K : never;
}[ErrorCode];

/**
 * Stable codes of a thrown {@link RelayflowError}: every table code but the record-only ones.
 * Each is public contract: hosts and tests may switch on it.
 */
export type RelayflowErrorCode = Exclude<ErrorCode, RecordOnlyErrorCode>;
