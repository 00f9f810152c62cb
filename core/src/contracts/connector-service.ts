import type { Connector, ConnectorInput, ConnectorUpdate, CreateConnectorOptions, ResolvedConnector } from './connector';

/** Connector CRUD with validation, name/id resolution, encryption and preconfigured connectors. */
export const ConnectorService = Symbol.for('relayflow.ConnectorService');
export interface ConnectorService {
  /**
   * A number that changes whenever a connector is created, updated or deleted through this
   * service (compiled workflows checked against the connectors are compiled again). Changes by
   * another process are not counted: what depends on them looks again within a second.
   */
  readonly generation?: number;
  /**
   * Validates the preconfigured connectors of the config; called once at start, after plugins
   * registered their types.
   * @throws RelayflowError `CONFIG_INVALID` with a located problem per bad connector
   */
  loadPreconfigured(): Promise<void>;
  /**
   * @param options - `withoutSecrets` (connectors imported from Kibana), `dryRun`
   * @throws RelayflowError `VALIDATION_FAILED` (every problem with its field path), `CONNECTOR_NAME_TAKEN`, `CONNECTOR_ID_TAKEN`, `CONNECTOR_TYPE_NOT_FOUND`
   */
  create(input: ConnectorInput, options?: CreateConnectorOptions): Promise<Connector>;
  /** @throws RelayflowError `CONNECTOR_READ_ONLY` for preconfigured connectors, and as create */
  update(idOrName: string, patch: ConnectorUpdate): Promise<Connector>;
  /** @throws RelayflowError `CONNECTOR_NOT_FOUND`, `CONNECTOR_READ_ONLY` */
  delete(idOrName: string): Promise<void>;
  /** @throws RelayflowError `CONNECTOR_NOT_FOUND` */
  get(idOrName: string): Promise<Connector>;
  find(idOrName: string): Promise<Connector | undefined>;
  list(): Promise<Connector[]>;
  /**
   * The connector with decrypted secrets, cached until it changes. Internal: never expose the result.
   * @throws RelayflowError `CONNECTOR_NOT_FOUND`; `VALIDATION_FAILED` naming the missing keys (and
   *   the command that sets them) for a connector created without its secrets
   */
  resolve(idOrName: string): Promise<ResolvedConnector>;
}
