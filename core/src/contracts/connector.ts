import type { ConnectorLimits } from './connector-limiter';
import type { ConnectorRef, ConnectorType } from './connector-type';

/**
 * A connector id: 1 to 100 characters from `A-Z a-z 0-9 _ -`. Stored connectors get a generated
 * UUID unless one is given (`connectors create --id`); preconfigured connectors in relayflow.yaml
 * and connectors imported from Kibana keep theirs (Kibana's readable ids such as `my-slack1`).
 * Ids are unique across ids and names, so a step's `connector-id` (an id or a name; names are
 * free text) is never ambiguous.
 */
export const CONNECTOR_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** What a connector id may be, in words, for messages. */
export const CONNECTOR_ID_RULE = '1 to 100 letters, digits, "_" or "-"';

/** A connector as the public API shows it: never any secret. */
export interface Connector {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  isPreconfigured: boolean;
  /** At most `concurrency` of its actions in flight and at most `rate` starts (contract §12); absent when it has none. */
  limits?: ConnectorLimits;
  createdAt?: string;
  updatedAt?: string;
  /**
   * What the connector's type said about the settings just saved without refusing them (e.g.
   * credentials it ignores). Only on the result of `create` and `update`; never stored.
   */
  warnings?: string[];
  /**
   * Secret keys the connector still needs before it can run (it was created without secrets,
   * e.g. imported from a Kibana export). Only on the result of `create` and `update`.
   */
  missingSecrets?: string[];
}

/** How `ConnectorService.create` creates. */
export interface CreateConnectorOptions {
  /**
   * Accept a connector without its secrets when none are given (Kibana exports carry none):
   * the config is still checked, the connector is stored with empty secrets and refuses to run,
   * naming the missing keys, until `update` sets them.
   */
  withoutSecrets?: boolean;
  /** Check everything (type, id, name, settings) but store nothing. */
  dryRun?: boolean;
}

/** What `connectors.create` takes. */
export interface ConnectorInput {
  type: string;
  name: string;
  id?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  /** `{ concurrency?, rate? }`: concurrency a whole number of at least 1, rate such as `10/s`, `100/min`, `5/10s`. */
  limits?: ConnectorLimits;
}

/** What `connectors.update` takes: each given field replaces the stored one. */
export interface ConnectorUpdate {
  name?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  /** Replaces the limits; `null` or `{}` removes them. */
  limits?: ConnectorLimits | null;
}

/** A connector with its validated config and decrypted secrets, for running actions only. */
export interface ResolvedConnector {
  ref: ConnectorRef;
  type: ConnectorType;
  config: object;
  secrets: object;
  /** Every secret string, for redaction. */
  secretValues: string[];
  /** Its limits, when it has any: actions then go through the `ConnectorLimiter`. */
  limits?: ConnectorLimits;
}
