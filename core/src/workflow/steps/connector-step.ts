import type { ActionExecutor } from '../../contracts/action-executor';
import type { ConnectorStep } from '../../contracts/compiled-workflow';
import type { ActionType, ConnectorType } from '../../contracts/connector-type';
import type { ConnectorService } from '../../contracts/connector-service';
import type { Connector } from '../../contracts/connector';
import { refusedTlsOverride, tlsOverrideMessage } from '../../connectors/tls-override';
import type { ConnectorTypeRegistry } from '../../contracts/connector-type-registry';
import type { StepCompileTools, StepKind, StepRun, StepSource, StepTypeInfo } from '../../contracts/step-kind';
import { containsTemplate, isTemplate, renderTemplate } from '../../templating/template-renderer';
import { raceAbort } from '../engine/abort-scope';
import { StepError } from '../engine/step-error';
import { didYouMean } from '../../validation/close-matches';
import { isPlain, type Plain } from '../validation/plain';

/**
 * Connector steps: a step type that is a connector type id (its default action) or
 * `TYPE.ACTION`. Compiling resolves the type and action once and checks `connector-id` and
 * `with`; running renders `with` and hands the resolved action to the action executor.
 *
 * The connector service and action executor are reached through getters, on first use: the
 * step kinds are built with the plugin host (plugins register theirs beside them), before the
 * secrets and the store may be opened.
 */
export class ConnectorStepKind implements StepKind<ConnectorStep> {
  readonly kind = 'connector';
  readonly keys = { with: 'optional', 'connector-id': 'optional' } as const;
  readonly recordStart = true;
  readonly noTypesHint = 'no connector plugins are loaded';

  private resolved?: { connectors: ConnectorService; executor: ActionExecutor; allowStepTlsOverride?: boolean };

  constructor(
    private readonly registry: ConnectorTypeRegistry,
    private readonly resolveServices: () => { connectors: ConnectorService; executor: ActionExecutor; allowStepTlsOverride?: boolean },
  ) {}

  /** The services, resolved on first use and kept (singletons): a step run does not go through the container. */
  private services(): { connectors: ConnectorService; executor: ActionExecutor; allowStepTlsOverride?: boolean } {
    return (this.resolved ??= this.resolveServices());
  }

  private get connectors(): ConnectorService {
    return this.services().connectors;
  }

  private get executor(): ActionExecutor {
    return this.services().executor;
  }

  handles(type: string): boolean | string {
    const target = this.target(type);
    if (!target) return false;
    if (target.action) return true;
    const actions = Object.keys(target.type.actions);
    return `connector type "${target.type.id}" has no action "${target.actionName}"${didYouMean(target.actionName, actions)}; its actions: ${actions.join(', ')}`;
  }

  types(): StepTypeInfo[] {
    return this.registry.list().flatMap(({ type }) => {
      const info = (name: string, action: ActionType): StepTypeInfo => ({
        type: name,
        description: action.description,
        params: action.params as StepTypeInfo['params'],
        connectorRequired: action.connector === 'required',
        connectorForbidden: action.connector === 'none',
        requiredWithoutConnector: action.connector === 'optional' ? action.requiredWithoutConnector : undefined,
      });
      return [
        info(type.id, type.actions[type.defaultAction]),
        ...Object.values(type.actions).map((action) => info(`${type.id}.${action.id}`, action)),
      ];
    });
  }

  compile({ base, plain }: StepSource, tools: StepCompileTools): ConnectorStep | undefined {
    const target = this.target(base.type);
    if (!target?.action) return undefined;
    const id = plain['connector-id'];
    const step: ConnectorStep = {
      ...base,
      kind: 'connector',
      render: tools.renderer(),
      connectorType: target.type,
      action: target.action,
      connectorId: typeof id === 'string' ? id : undefined,
      paramsChecked: !containsTemplate(plain.with),
    };
    this.checkConnector(plain, step, tools);
    tools.checkParams(target.action.params as new () => object);
    return step;
  }

  async run(step: ConnectorStep, run: StepRun): Promise<unknown> {
    const { connectorType: type, action, connectorId } = step;
    const params = step.render(run.context);
    const connector = connectorId !== undefined && isTemplate(connectorId) ? renderTemplate(connectorId, run.context) : connectorId;
    const call = { type, action, connector: connector || undefined, params, paramsLabel: 'with', paramsChecked: step.paramsChecked, identity: run };
    if (run.dryRun) {
      this.executor.check(call);
      run.dryRunCall({ type: type.id, action: action.id, connector, params });
      return { dryRun: true, params };
    }
    const result = await raceAbort(this.executor.invoke({ ...call, signal: run.signal }), run.signal);
    if (result.status === 'ok') return result.data;
    throw StepError.fromResult(result);
  }

  /** The connector type and action a step type names; `action` is absent when the type has no such action. */
  private target(stepType: string): { type: ConnectorType; action?: ActionType; actionName: string } | undefined {
    const dot = stepType.indexOf('.');
    const registered = this.registry.get(dot < 0 ? stepType : stepType.slice(0, dot));
    if (!registered) return undefined;
    const actionName = dot < 0 ? registered.type.defaultAction : stepType.slice(dot + 1);
    return { type: registered.type, action: registered.type.actions[actionName], actionName };
  }

  /**
   * Checks `connector-id` against the action (required, optional, none) and the stored and
   * preconfigured connectors (looked up in the background).
   */
  private checkConnector(plain: Readonly<Plain>, step: ConnectorStep, tools: StepCompileTools): void {
    const { connectorType: type, action } = step;
    const id = plain['connector-id'];
    if (id === undefined) {
      if (action.connector === 'required') {
        tools.problem(['connector-id'], `missing required key "connector-id": ${step.type} steps need a ${type.id} connector (its name or id)`, 'parent');
      } else {
        this.checkWithoutConnector(plain.with, step.type, action, tools);
      }
      return;
    }
    if (typeof id !== 'string') return;
    if (action.connector === 'none') {
      tools.problem(['connector-id'], `${type.id}.${action.id} does not use a connector; remove connector-id`, 'key');
      return;
    }
    if (isTemplate(id)) {
      tools.template(id, ['connector-id']);
      return;
    }
    const connectors = this.connectors;
    tools.dependsOn?.(() => connectors.generation);
    tools.defer(connectors.find(id).then(async (connector) => {
      if (!connector) {
        const same = (await connectors.list()).filter((c) => c.type === type.id).map((c) => c.name);
        const hint = didYouMean(id, same) || (same.length ? `; ${type.id} connectors: ${same.join(', ')}` : `; create one with: relayflow connectors create --type ${type.id} --name ${id}`);
        tools.problem(['connector-id'], `connector "${id}" not found${hint}`);
      } else if (connector.type !== type.id) {
        tools.problem(['connector-id'], `connector "${connector.name}" is a ${connector.type} connector, but this step's type is ${type.id}`);
      } else if (action.weakensTls && !this.services().allowStepTlsOverride) {
        await this.checkTlsOverride(plain.with, action, connector, tools);
      }
    }));
  }

  /** A step may not weaken the TLS of a connector that holds secrets (see `ActionType.weakensTls`). */
  private async checkTlsOverride(value: unknown, action: ActionType, connector: Connector, tools: StepCompileTools): Promise<void> {
    if (!refusedTlsOverride(action, value, { config: connector.config, holdsSecrets: true }, false)) return;
    // Only now is it worth opening the secrets: does the connector hold any?
    const holdsSecrets = await this.connectors.resolve(connector.id).then((r) => r.secretValues.length > 0, () => false);
    const path = refusedTlsOverride(action, value, { config: connector.config, holdsSecrets }, false);
    if (path) tools.problem(['with', ...path], tlsOverrideMessage('with', path, connector.name));
  }

  /** The action's `requiredWithoutConnector` params, for a step that names no connector. */
  private checkWithoutConnector(value: unknown, stepType: string, action: ActionType, tools: StepCompileTools): void {
    if (!action.requiredWithoutConnector?.length || (value !== undefined && value !== null && !isPlain(value))) return;
    const given = (value ?? {}) as Plain;
    for (const key of action.requiredWithoutConnector) {
      const v = given[key];
      if (v !== undefined && v !== null && v !== '') continue;
      tools.problem(['with', key], `missing required key "${key}": ${stepType} steps without a connector-id need with.${key} (or name a connector with connector-id)`, 'parent');
    }
  }
}
