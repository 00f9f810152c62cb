import type { ConnectorRef, ConnectorType } from './connector-type';

/**
 * A connector id is a UUID (any version, either case): stored connectors get one (or take one
 * from `connectors create --id`), and preconfigured connectors in relayflow.yaml must have one
 * (contract §2 and §3). A step's `connector-id` may be an id or a name; names are free text.
 */
export const CONNECTOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A connector as the public API shows it: never any secret. */
export interface Connector {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  isPreconfigured: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** What `connectors.create` takes. */
export interface ConnectorInput {
  type: string;
  name: string;
  id?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** What `connectors.update` takes: each given field replaces the stored one. */
export interface ConnectorUpdate {
  name?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** A connector with its validated config and decrypted secrets, for running actions only. */
export interface ResolvedConnector {
  ref: ConnectorRef;
  type: ConnectorType;
  config: object;
  secrets: object;
  /** Every secret string, for redaction. */
  secretValues: string[];
}
