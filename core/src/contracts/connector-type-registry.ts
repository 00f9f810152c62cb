import type { ConnectorType } from './connector-type';

/** A registered connector type and the plugin that registered it. */
export interface RegisteredConnectorType {
  type: ConnectorType;
  pluginId: string;
}

/** Connector types by id. Frozen at start: a late `register` throws `REGISTRY_FROZEN`. */
export const ConnectorTypeRegistry = Symbol.for('relayflow.ConnectorTypeRegistry');
export interface ConnectorTypeRegistry {
  register(type: ConnectorType, pluginId: string): void;
  get(id: string): RegisteredConnectorType | undefined;
  list(): RegisteredConnectorType[];
  freeze(): void;
}
