import type { ConfiguredApiKey, PreconfiguredConnector, RelayflowConfig, ServerSettings } from './relayflow-config';

/**
 * A settings section as a host writes it: every key optional (defaults apply), nested sections
 * likewise; free-form maps (a connector's config and secrets, headers) as they are.
 */
export type ConfigSectionInput<T> = T extends ReadonlyArray<infer U>
  ? Array<ConfigSectionInput<U>>
  : T extends Record<string, unknown>
    ? T
    : T extends object
      ? { [K in keyof T]?: ConfigSectionInput<T[K]> }
      : T;

/** A preconfigured connector: `id`, `name` and `type` are required, `config`, `secrets` and `limits` optional. */
export type PreconfiguredConnectorInput = Pick<PreconfiguredConnector, 'id' | 'name' | 'type'> & Partial<Pick<PreconfiguredConnector, 'config' | 'secrets' | 'limits'>>;

/**
 * The configuration a host passes as `createRelayflow({ config })`: the keys of relayflow.yaml
 * (contract §3), each optional, with their types, so an editor completes and checks them.
 * Values are checked at start as the file's are, `${env:NAME}` expanded alike.
 */
export type RelayflowConfigInput = Omit<ConfigSectionInput<RelayflowConfig>, 'connectors' | 'server'> & {
  connectors?: PreconfiguredConnectorInput[];
  server?: Omit<ConfigSectionInput<ServerSettings>, 'apiKeys'> & { apiKeys?: ConfiguredApiKey[] };
};
