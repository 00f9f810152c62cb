import type { ConnectorType } from './connector-type';

/** A registered connector type and the plugin that registered it. */
export interface RegisteredConnectorType {
  type: ConnectorType;
  pluginId: string;
}

/** Connector types by id. Frozen at start: a late `register` throws `REGISTRY_FROZEN`. */
export const ConnectorTypeRegistry = Symbol.for('relayflow.ConnectorTypeRegistry');
export interface ConnectorTypeRegistry {
  /** @throws RelayflowError `DUPLICATE_TYPE` when the id or an alias is taken, `REGISTRY_FROZEN` after start, `PLUGIN_INVALID` */
  register(type: ConnectorType, pluginId: string): void;
  /** The type with this id or alias (Kibana's `.slack` finds `slack`). */
  get(idOrAlias: string): RegisteredConnectorType | undefined;
  list(): RegisteredConnectorType[];
  freeze(): void;
}
