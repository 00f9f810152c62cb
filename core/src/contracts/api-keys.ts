/** What an API key may do (contract §9): `read` GET routes, `run` running stored workflows and hooks, `admin` changes. */
export type ApiScope = 'read' | 'run' | 'admin';

/** Every scope, in the order they are shown. */
export const API_SCOPES: readonly ApiScope[] = ['read', 'run', 'admin'];

/** How every generated key begins, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'rfk_';

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
  /**
   * Makes a random key (`rfk_` + 32 random bytes, base64url) and stores only its keyed hash.
   * @returns the key: the only time it is shown
   * @throws RelayflowError `API_KEY_NAME_TAKEN` (also for a name in relayflow.yaml), `VALIDATION_FAILED` (name, scopes)
   */
  create(input: { name: string; scopes: ApiScope[] }): Promise<CreatedApiKey>;
  /** Config keys and stored keys, by name: never a key or its hash. */
  list(): Promise<ApiKeyInfo[]>;
  /**
   * Revokes a stored key: refused from then on, by every process (within 5 s).
   * @throws RelayflowError `API_KEY_NOT_FOUND`; `BAD_ARGUMENT` for a key from relayflow.yaml (remove it there)
   */
  revoke(name: string): Promise<void>;
  /**
   * The key's name and scopes, or undefined for a wrong or revoked key. Config keys are compared in
   * constant time; a stored key is found by its keyed hash, read from the store on every call.
   */
  authenticate(key: string): Promise<{ name: string; scopes: ApiScope[] } | undefined>;
}
