import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { error as errorResult, isActionResult, type ActionResult } from '../contracts/action-result';
import type { ActionType, ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import { redact, redactingLogger, redactOwnText, redactText } from '../secrets/redaction';
import { ConnectorLimiter, type LimitRelease } from '../contracts/connector-limiter';
import { ConnectorService } from '../contracts/connector-service';
import { ConnectorTypeRegistry } from '../contracts/connector-type-registry';
import { HttpClient, type HttpRequest, type HttpResponse } from '../contracts/http-client';
import { Logger } from '../contracts/logger';
import type { ActionCall, ActionExecutor, ActionIdentity, ActionInvocation } from '../contracts/action-executor';
import type { ResolvedConnector } from '../contracts/connector';
import { instantiateChecked, validateClass } from '../validation/class-validation';
import { settingsError } from '../connectors/connector-validator';
import { refusedTlsOverride, tlsOverrideError } from '../connectors/tls-override';
import { Config } from '../config/relayflow-config';
import { isRetryableRequestCode } from '../http/response-classification';
import { toJsonValue } from './json-value';

const NEVER = new AbortController().signal;


/**
 * Runs one connector action: resolves the type, action and connector, validates params against
 * the action's class, gives the action the egress client, the signal and a redacting logger,
 * and strips every secret value of the connector from what comes back.
 */
@injectable()
export class ActionExecutorImpl implements ActionExecutor {
  constructor(
    @inject(ConnectorTypeRegistry) private readonly types: ConnectorTypeRegistry,
    @inject(ConnectorService) private readonly connectors: ConnectorService,
    @inject(HttpClient) private readonly http: HttpClient,
    @inject(Logger) private readonly logger: Logger,
    @inject(Config) private readonly config: Config,
    @inject(ConnectorLimiter) private readonly limiter: ConnectorLimiter,
  ) {}

  execute(invocation: ActionInvocation): Promise<ActionResult> {
    const type = this.requireType(invocation.type);
    const action = requireAction(type, invocation.action ?? type.defaultAction);
    return this.invoke({ ...invocation, type, action });
  }

  async invoke(call: ActionCall): Promise<ActionResult> {
    const { type, action } = call;
    const connector = await this.connectorFor(type, action, call.connector);
    const params = this.check(call);
    const secrets = connector?.secretValues ?? [];
    if (connector) {
      const weakened = refusedTlsOverride(action, params, { config: connector.config, holdsSecrets: secrets.length > 0 }, this.config.networking.allowStepTlsOverride);
      if (weakened) throw tlsOverrideError(call.paramsLabel ?? 'params', weakened, connector.ref.name);
    }
    const identity = call.identity ?? oneOff(type, action);
    const run = (): Promise<ActionResult> => guarded(secrets, () => jsonText(call.params), () => action.execute({
      params,
      config: connector?.config ?? new type.config(),
      secrets: connector?.secrets ?? new type.secrets(),
      connector: connector?.ref,
      http: secretAwareHttp(this.http, secrets),
      signal: call.signal ?? NEVER,
      logger: redactingLogger(this.logger.child({ connector: connector?.ref.name, action: `${type.id}.${action.id}`, executionId: identity.executionId, stepId: identity.stepId }), secrets),
      executionId: identity.executionId,
      stepId: identity.stepId,
      attempt: identity.attempt,
      idempotencyKey: identity.idempotencyKey,
    }));
    // A connector without limits never reaches the limiter.
    return connector?.limits ? this.limited(connector, call.identity, call.signal, run) : run();
  }

  check(call: ActionCall): object {
    // Validated when the step was compiled: only converted (a fresh instance, defaults and transforms applied).
    if (call.paramsChecked) return instantiateChecked(call.action.params as new () => object, call.params);
    const label = call.paramsLabel ?? 'params';
    const params = validateClass(call.action.params as new () => object, call.params, [label]);
    if (!params.ok) throw settingsError(`the ${label} of ${call.type.id}.${call.action.id}`, params.problems);
    return params.value;
  }

  async test(connectorIdOrName: string, signal?: AbortSignal): Promise<ActionResult> {
    const connector = await this.connectors.resolve(connectorIdOrName);
    const test = connector.type.test;
    if (!test) {
      throw new RelayflowError('ACTION_NOT_FOUND', `connector type "${connector.type.id}" has no built-in test; run one of its actions with --params (actions: ${Object.keys(connector.type.actions).join(', ')})`);
    }
    const identity = oneOff(connector.type);
    const run = (): Promise<ActionResult> => guarded(connector.secretValues, () => '', () => test({
      config: connector.config, secrets: connector.secrets, connector: connector.ref, http: secretAwareHttp(this.http, connector.secretValues), signal: signal ?? NEVER,
      logger: redactingLogger(this.logger.child({ connector: connector.ref.name }), connector.secretValues),
      ...identity,
    }));
    return connector.limits ? this.limited(connector, undefined, signal, run) : run();
  }

  /**
   * Runs an action of a connector with limits once the limiter lets it start, and gives its slot
   * back when it ends, whatever the outcome. When the signal fires while the action waits for its
   * turn, the action never starts and the result is an error saying so (the engine has already
   * recorded the step as cancelled or timed out by then).
   * @param identity - the execution and step; absent for a one-off action (`connectors test`)
   */
  private async limited(connector: ResolvedConnector, identity: ActionIdentity | undefined, signal: AbortSignal | undefined, run: () => Promise<ActionResult>): Promise<ActionResult> {
    let release: LimitRelease;
    try {
      release = await this.limiter.acquire({
        connectorId: connector.ref.id,
        limits: connector.limits ?? {},
        ...(identity ? { executionId: identity.executionId, stepId: identity.stepId, attempt: identity.attempt } : {}),
        signal,
      });
    } catch (err) {
      if (!signal?.aborted) throw err;
      return errorResult({ message: `the action did not start: it was cancelled while waiting for its turn under the limits of connector "${connector.ref.name}"`, retry: false });
    }
    try {
      return await run();
    } finally {
      // The action ran: a slot the limiter fails to take back must not turn its result into a failure.
      await release().catch((err: unknown) => this.logger.warn(`connector "${connector.ref.name}": giving back its limits slot failed: ${(err as Error)?.message ?? String(err)}`));
    }
  }

  private requireType(id: string): ConnectorType {
    const registered = this.types.get(id);
    if (!registered) {
      const known = this.types.list().map((t) => t.type.id).join(', ') || '(none: no plugins are loaded)';
      throw new RelayflowError('CONNECTOR_TYPE_NOT_FOUND', `unknown connector type "${id}"; registered types: ${known}`);
    }
    return registered.type;
  }

  private async connectorFor(type: ConnectorType, action: ActionType, idOrName: string | undefined): Promise<ResolvedConnector | undefined> {
    if (idOrName === undefined || idOrName === '') {
      if (action.connector === 'required') {
        throw new RelayflowError('VALIDATION_FAILED', `${type.id}.${action.id} needs a connector: set connector-id to the name or id of a ${type.id} connector`);
      }
      return undefined;
    }
    if (action.connector === 'none') {
      throw new RelayflowError('VALIDATION_FAILED', `${type.id}.${action.id} does not use a connector; remove connector-id`);
    }
    const connector = await this.connectors.resolve(idOrName);
    if (connector.ref.type !== type.id) {
      throw new RelayflowError('VALIDATION_FAILED', `connector "${connector.ref.name}" is a ${connector.ref.type} connector, not ${type.id}`);
    }
    return connector;
  }
}

/** The identity of an action run outside any execution (`connectors test`, a host's direct call). */
function oneOff(type: ConnectorType, action?: ActionType): ActionIdentity {
  return { executionId: randomUUID(), stepId: action ? `${type.id}.${action.id}` : `${type.id}.test`, attempt: 1, idempotencyKey: randomUUID() };
}

function requireAction(type: ConnectorType, name: string): ActionType {
  const action = type.actions[name];
  if (!action) {
    throw new RelayflowError('ACTION_NOT_FOUND', `connector type "${type.id}" has no action "${name}"; its actions: ${Object.keys(type.actions).join(', ')}`);
  }
  return action;
}

/**
 * The egress client as an action with a connector sees it: a header carrying one of the
 * connector's secret values is sensitive, so a redirect to another origin drops it; and a
 * response comes back with the connector's secret values already redacted, so whatever the
 * plugin makes of it (an excerpt cut at 200 characters, a log line) can never hold part of one.
 */
function secretAwareHttp(http: HttpClient, secrets: readonly string[]): HttpClient {
  if (secrets.length === 0) return http;
  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const headers = req.headers ?? {};
      const secret = Object.keys(headers).filter((name) => {
        const value = headers[name];
        return typeof value === 'string' && secrets.some((s) => value.includes(s));
      });
      const res = await http.request<T>(secret.length ? { ...req, sensitiveHeaders: [...(req.sensitiveHeaders ?? []), ...secret] } : req);
      return redactResponse(res, secrets);
    },
  };
}

/** A response without the given secret values (the same object when it holds none). */
function redactResponse<T>(res: HttpResponse<T>, secrets: readonly string[]): HttpResponse<T> {
  const data = redact(res.data, secrets);
  const headers = redact(res.headers, secrets);
  const statusText = typeof res.statusText === 'string' ? redactText(res.statusText, secrets) : res.statusText;
  return data === res.data && headers === res.headers && statusText === res.statusText ? res : { ...res, data, headers, statusText };
}

/**
 * Runs an action body: a remote failure the action let escape becomes an error result; the
 * output becomes plain JSON (what records and `--json` hold; a value JSON cannot hold is the
 * plugin's bug, reported as an error result); every secret value is redacted from whatever
 * comes back, thrown errors included. Data from outside (output, `serviceMessage`, `details`)
 * is redacted wholesale; messages the plugin or core composed keep their own words when a secret
 * is an ordinary word (see `redactOwnText`).
 * @param params - the action's params as text: what a validation message may quote
 */
async function guarded(secrets: readonly string[], params: () => string, run: () => Promise<ActionResult>): Promise<ActionResult> {
  let result: ActionResult;
  try {
    result = await run();
    if (!isActionResult(result)) {
      result = errorResult({ message: 'the action returned something other than ok(data) or error({...}); this is a bug in its plugin', retry: false });
    }
  } catch (err) {
    if (RelayflowError.is(err) && (err.code === 'VALIDATION_FAILED' || err.code === 'CONNECTOR_NOT_FOUND')) {
      const quoted = (): string => `${params()}\n${jsonText(err.details)}`;
      throw new RelayflowError(err.code, redactOwnText(err.message, secrets, quoted), {
        problems: err.problems.map((p) => ({ ...p, message: redactOwnText(p.message, secrets, quoted) })),
        details: err.details && redact(err.details, secrets),
      });
    }
    const code = RelayflowError.is(err) ? err.code : undefined;
    result = errorResult({
      message: (err as Error)?.message ?? String(err),
      retry: isRetryableRequestCode(code),
      details: code ? { code } : undefined,
    });
  }
  return redactResult(asJson(result), secrets);
}

/**
 * An action result without secret values: the output, `serviceMessage` and `details` came from
 * outside and are redacted wholesale; `message` is the plugin's own text, which may quote them.
 */
function redactResult(result: ActionResult, secrets: readonly string[]): ActionResult {
  if (secrets.length === 0 || result.status === 'ok') return redact(result, secrets);
  const outside = redact({ ...result, message: '' }, secrets);
  return { ...outside, message: redactOwnText(result.message, secrets, () => `${result.serviceMessage ?? ''}\n${jsonText(result.details)}`) };
}

/** JSON text of a value for looking secrets up in it ('' when it has none). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  } catch {
    return String(value);
  }
}

/** The result with its data and details as plain JSON values (BigInt as text). */
function asJson(result: ActionResult): ActionResult {
  try {
    if (result.status === 'ok') return { status: 'ok', data: toJsonValue(result.data) };
    return result.details === undefined ? result : { ...result, details: toJsonValue(result.details) as Record<string, unknown> };
  } catch (err) {
    return errorResult({ message: `the action returned output that is not JSON (${(err as Error).message}); this is a bug in its plugin`, retry: false });
  }
}
