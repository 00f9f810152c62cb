import { inject, injectable } from 'inversify';
import { error as errorResult, isActionResult, type ActionResult } from '../contracts/action-result';
import type { ActionType, ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../contracts/relayflow-error';
import { redact, redactingLogger } from '../secrets/redaction';
import {
  ConnectorService, ConnectorTypeRegistry, HttpClient, Logger,
  type ActionExecutor, type ActionInvocation, type ResolvedConnector,
} from '../tokens';
import { validateClass } from '../validation/class-validation';
import { settingsError } from '../connectors/connector-validator';
import { isRetryableRequestCode } from '../http/response-classification';

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
  ) {}

  async execute(invocation: ActionInvocation): Promise<ActionResult> {
    const type = this.requireType(invocation.type);
    const action = requireAction(type, invocation.action ?? type.defaultAction);
    const connector = await this.connectorFor(type, action, invocation.connector);
    const params = validateClass(action.params as new () => object, invocation.params);
    if (!params.ok) throw settingsError(`params of ${type.id}.${action.id}`, params.problems);
    const secrets = connector?.secretValues ?? [];
    const result = await guarded(secrets, () => action.execute({
      params: params.value,
      config: connector?.config ?? new type.config(),
      secrets: connector?.secrets ?? new type.secrets(),
      connector: connector?.ref,
      http: this.http,
      signal: invocation.signal ?? NEVER,
      logger: redactingLogger(this.logger.child({ connector: connector?.ref.name, action: `${type.id}.${action.id}` }), secrets),
    }));
    return result;
  }

  async test(connectorIdOrName: string, signal?: AbortSignal): Promise<ActionResult> {
    const connector = await this.connectors.resolve(connectorIdOrName);
    const test = connector.type.test;
    if (!test) {
      throw new RelayflowError('ACTION_NOT_FOUND', `connector type "${connector.type.id}" has no built-in test; run one of its actions with --params (actions: ${Object.keys(connector.type.actions).join(', ')})`);
    }
    return guarded(connector.secretValues, () => test({
      config: connector.config, secrets: connector.secrets, connector: connector.ref, http: this.http, signal: signal ?? NEVER,
      logger: redactingLogger(this.logger.child({ connector: connector.ref.name }), connector.secretValues),
    }));
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

function requireAction(type: ConnectorType, name: string): ActionType {
  const action = type.actions[name];
  if (!action) {
    throw new RelayflowError('ACTION_NOT_FOUND', `connector type "${type.id}" has no action "${name}"; its actions: ${Object.keys(type.actions).join(', ')}`);
  }
  return action;
}

/**
 * Runs an action body: a remote failure the action let escape becomes an error result, and
 * every secret value is redacted from whatever comes back.
 */
async function guarded(secrets: readonly string[], run: () => Promise<ActionResult>): Promise<ActionResult> {
  let result: ActionResult;
  try {
    result = await run();
    if (!isActionResult(result)) {
      result = errorResult({ message: 'the action returned something other than ok(data) or error({...}); this is a bug in its plugin', retry: false });
    }
  } catch (err) {
    if (RelayflowError.is(err) && (err.code === 'VALIDATION_FAILED' || err.code === 'CONNECTOR_NOT_FOUND')) throw err;
    const code = RelayflowError.is(err) ? err.code : undefined;
    result = errorResult({
      message: (err as Error)?.message ?? String(err),
      retry: isRetryableRequestCode(code),
      details: code ? { code } : undefined,
    });
  }
  return redact(result, secrets);
}
