/** What an API key may do (contract §9): `read` GET routes, `run` running stored workflows and hooks, `admin` changes. */
export type ApiScope = 'read' | 'run' | 'admin';

/** An API key as listed: never the key itself. */
export interface ApiKeyInfo {
  name: string;
  scopes: ApiScope[];
  /** `config` for keys from relayflow.yaml (`server.apiKeys`), `store` for `relayflow apikeys create`. */
  source: 'config' | 'store';
  createdAt?: string;
}

/** A new key: the only time the key is shown. */
export interface CreatedApiKey {
  name: string;
  key: string;
  scopes: ApiScope[];
}

/**
 * API keys for the REST API: from `server.apiKeys` in relayflow.yaml and from the store, where
 * only a keyed hash of each is kept. A new key works at once; a revoked one is refused within
 * 5 s, also by a server already running.
 */
export const ApiKeys = Symbol.for('relayflow.ApiKeys');
export interface ApiKeys {
  /** @throws RelayflowError `API_KEY_NAME_TAKEN`, `VALIDATION_FAILED` (name, scopes) */
  create(input: { name: string; scopes: ApiScope[] }): Promise<CreatedApiKey>;
  list(): Promise<ApiKeyInfo[]>;
  /** @throws RelayflowError `API_KEY_NOT_FOUND`; `CONFIG_INVALID`-like refusal for a config key */
  revoke(name: string): Promise<void>;
  /** The key's name and scopes, or undefined for a wrong or revoked key (constant-time comparison). */
  authenticate(key: string): Promise<{ name: string; scopes: ApiScope[] } | undefined>;
}
