import { timingSafeEqual } from 'node:crypto';
import { RelayflowError } from '../errors/relayflow-error';
import { API_KEY_PREFIX, API_SCOPES, type ApiKeyInfo, type ApiKeys, type ApiScope, type CreatedApiKey } from '../contracts/api-keys';
import type { Logger } from '../contracts/logger';
import type { Problem } from '../contracts/problem';
import type { Store } from '../contracts/store';
import { masterKey, type EncryptionKeys } from '../secrets/encryption-keys';
import { apiKeyHash, digestOf, generateApiKey, hmacKeyFor, sameHash, type HmacKey } from './api-key-hash';

/** API key names: what `apikeys revoke NAME` and logs show instead of the key. */
export const API_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Longer than any key worth hashing: refused before any work. */
const MAX_KEY_LENGTH = 1024;

/** A key from relayflow.yaml (`server.apiKeys`). */
export interface ConfigApiKey {
  name: string;
  key: string;
  scopes: ApiScope[];
}

/** What {@link ApiKeysImpl} is made from. */
export interface ApiKeysOptions {
  /** `server.apiKeys` from relayflow.yaml. */
  configKeys: readonly ConfigApiKey[];
  store: Store;
  /**
   * The encryption keys (current first), as `resolveEncryptionKeys` finds them.
   * @param mayGenerate - whether a key may be generated in the data dir when none exists
   * @throws RelayflowError `ENCRYPTION_KEY_INVALID` when there is none (and none may be generated)
   */
  encryptionKeys(mayGenerate: boolean): EncryptionKeys;
  logger: Logger;
}

/**
 * API keys from relayflow.yaml and from the store. A stored key is kept as an HMAC-SHA256 with a
 * secret derived from the encryption key; `authenticate` reads the store on every call (an
 * indexed lookup by that hash), so a key made or revoked by another process counts at once.
 * Keys are never logged or returned, but once by `create`.
 */
export class ApiKeysImpl implements ApiKeys {
  private readonly configKeys: ReadonlyArray<ConfigApiKey & { digest: Buffer }>;
  private hmacKeys?: HmacKey[];

  constructor(private readonly options: ApiKeysOptions) {
    this.configKeys = options.configKeys.map((k) => ({ name: k.name, key: k.key, scopes: [...k.scopes], digest: digestOf(k.key) }));
  }

  async create(input: { name: string; scopes: ApiScope[] }): Promise<CreatedApiKey> {
    const name = input?.name;
    const scopes = checkedScopes(input?.scopes);
    const problems: Problem[] = [];
    if (typeof name !== 'string' || !API_KEY_NAME.test(name)) {
      problems.push({ path: 'name', fieldPath: ['name'], code: 'INVALID_VALUE', message: `name must be 1-100 letters, digits, _, . or - starting with a letter or digit (got ${JSON.stringify(name)})` });
    }
    if (!scopes) problems.push({ path: 'scopes', fieldPath: ['scopes'], code: 'INVALID_VALUE', message: `scopes must be a non-empty list of ${API_SCOPES.join(', ')}` });
    if (problems.length) throw new RelayflowError('VALIDATION_FAILED', `the API key is invalid: ${problems.map((p) => p.message).join('; ')}`, { problems });
    if (this.configKeys.some((k) => k.name === name)) {
      throw new RelayflowError('API_KEY_NAME_TAKEN', `an API key named "${name}" is configured in relayflow.yaml (server.apiKeys); choose another name`);
    }
    const hmac = await this.currentHmacKey();
    const key = generateApiKey();
    const created = { name, scopes: scopes as ApiScope[] };
    await this.options.store.apiKeys.insert({ ...created, hash: apiKeyHash(hmac, key), keyId: hmac.keyId, createdAt: new Date().toISOString() });
    this.options.logger.info('API key created', { name, scopes: created.scopes });
    return { name, key, scopes: [...created.scopes] };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const fromConfig: ApiKeyInfo[] = this.configKeys.map((k) => ({ name: k.name, scopes: [...k.scopes], source: 'config' }));
    const stored: ApiKeyInfo[] = (await this.options.store.apiKeys.list()).map((k) => ({ name: k.name, scopes: k.scopes, source: 'store', createdAt: k.createdAt }));
    return [...fromConfig, ...stored].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : 1));
  }

  async revoke(name: string): Promise<void> {
    if (await this.options.store.apiKeys.delete(name)) {
      this.options.logger.info('API key revoked', { name });
      return;
    }
    if (this.configKeys.some((k) => k.name === name)) {
      throw new RelayflowError('BAD_ARGUMENT', `the API key "${name}" comes from relayflow.yaml (server.apiKeys); remove it there to revoke it`);
    }
    throw new RelayflowError('API_KEY_NOT_FOUND', `no API key named "${name}"; list them with: relayflow apikeys list`);
  }

  async authenticate(key: string): Promise<{ name: string; scopes: ApiScope[] } | undefined> {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return undefined;
    const configured = this.configKey(key);
    if (configured) return configured;
    if (!key.startsWith(API_KEY_PREFIX)) return undefined;
    for (const hmac of this.lookupKeys()) {
      const hash = apiKeyHash(hmac, key);
      const row = await this.options.store.apiKeys.findByHash(hash);
      // The lookup found it by equality already; compared again in constant time all the same.
      if (row && sameHash(row.hash, hash)) return { name: row.name, scopes: [...row.scopes] };
    }
    return undefined;
  }

  /** A config key, compared with every configured key in constant time (no early exit). */
  private configKey(key: string): { name: string; scopes: ApiScope[] } | undefined {
    if (this.configKeys.length === 0) return undefined;
    const digest = digestOf(key);
    let found: ConfigApiKey | undefined;
    for (const k of this.configKeys) {
      if (timingSafeEqual(digest, k.digest) && !found) found = k;
    }
    return found && { name: found.name, scopes: [...found.scopes] };
  }

  /**
   * The HMAC keys to look a key up with: one per encryption key (current, then decryption-only
   * ones, so keys made before a rotation keep working). None when no encryption key exists yet:
   * then no key can have been stored either; asked again next time, in case another process
   * generates one meanwhile.
   */
  private lookupKeys(): HmacKey[] {
    if (this.hmacKeys) return this.hmacKeys;
    let keys: EncryptionKeys;
    try {
      keys = this.options.encryptionKeys(false);
    } catch (err) {
      if (RelayflowError.is(err) && err.code === 'ENCRYPTION_KEY_INVALID') {
        this.options.logger.debug('no encryption key yet: no stored API key can be checked');
        return [];
      }
      throw err;
    }
    this.hmacKeys = [keys.current, ...keys.decryptionOnly].map((k) => hmacKeyFor(masterKey(k)));
    return this.hmacKeys;
  }

  /** The current encryption key's HMAC key, generating the encryption key when nothing needs an old one. */
  private async currentHmacKey(): Promise<HmacKey> {
    if (!this.hmacKeys) {
      const { store } = this.options;
      const nothingSealed = (await store.connectors.keyIds()).length === 0 && (await store.apiKeys.list()).length === 0;
      const keys = this.options.encryptionKeys(nothingSealed);
      this.hmacKeys = [keys.current, ...keys.decryptionOnly].map((k) => hmacKeyFor(masterKey(k)));
    }
    return this.hmacKeys[0];
  }
}

/** The scopes in their canonical order, or undefined when the list is empty or names an unknown scope. */
function checkedScopes(scopes: unknown): ApiScope[] | undefined {
  if (!Array.isArray(scopes) || scopes.length === 0) return undefined;
  if (!scopes.every((s) => typeof s === 'string' && (API_SCOPES as readonly string[]).includes(s))) return undefined;
  return API_SCOPES.filter((s) => scopes.includes(s));
}
