import type { Container } from 'inversify';
import type { ActionResult } from '../contracts/action-result';
import type { ConnectorRequirement } from '../contracts/connector-type';
import {
  ActionExecutor, ConnectorService, ConnectorTypeRegistry, PluginHost, Store,
  type ActionInvocation, type Connector, type ConnectorInput, type ConnectorUpdate, type LoadedPlugin,
} from '../tokens';

/** A connector type as listed by `connectors types`. */
export interface ConnectorTypeInfo {
  id: string;
  name: string;
  description?: string;
  plugin: string;
  defaultAction: string;
  actions: Array<{ id: string; connector: ConnectorRequirement; description?: string }>;
  hasTest: boolean;
}

/** The connector operations a host may use: never any secret comes back. */
export interface Connectors {
  create(input: ConnectorInput): Promise<Connector>;
  update(idOrName: string, patch: ConnectorUpdate): Promise<Connector>;
  delete(idOrName: string): Promise<void>;
  get(idOrName: string): Promise<Connector>;
  list(): Promise<Connector[]>;
}

/**
 * A started Relayflow (contract §10): connectors, connector types, plugins and actions.
 * Get it from `createRelayflow`; call `stop()` when done.
 */
export class Relayflow {
  /** Connector CRUD (secrets go in, never come out). */
  readonly connectors: Connectors;

  constructor(
    /** The Inversify container: resolve core services with the tokens exported by @relayflow/core. */
    readonly container: Container,
  ) {
    const service = container.get<ConnectorService>(ConnectorService);
    this.connectors = {
      create: (input) => service.create(input),
      update: (idOrName, patch) => service.update(idOrName, patch),
      delete: (idOrName) => service.delete(idOrName),
      get: (idOrName) => service.get(idOrName),
      list: () => service.list(),
    };
  }

  /** The registered connector types with their actions. */
  connectorTypes(): ConnectorTypeInfo[] {
    return this.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry).list().map(({ type, pluginId }) => ({
      id: type.id,
      name: type.name,
      description: type.description,
      plugin: pluginId,
      defaultAction: type.defaultAction,
      actions: Object.values(type.actions).map((a) => ({ id: a.id, connector: a.connector, description: a.description })),
      hasTest: typeof type.test === 'function',
    }));
  }

  /** The plugins loaded, with where they came from and what they registered. */
  plugins(): LoadedPlugin[] {
    return this.container.get<PluginHost>(PluginHost).loaded();
  }

  /**
   * Runs one action of a connector type (what `relayflow connectors test` does).
   * @returns the action's result; remote failures are `status: 'error'`
   */
  executeAction(invocation: ActionInvocation): Promise<ActionResult> {
    return this.container.get<ActionExecutor>(ActionExecutor).execute(invocation);
  }

  /** Runs a connector type's own health check. */
  testConnector(idOrName: string, signal?: AbortSignal): Promise<ActionResult> {
    return this.container.get<ActionExecutor>(ActionExecutor).test(idOrName, signal);
  }

  /** Stops plugins (reverse order) and closes the store. */
  async stop(): Promise<void> {
    await this.container.get<PluginHost>(PluginHost).stop();
    await this.container.get<Store>(Store).close();
  }
}
