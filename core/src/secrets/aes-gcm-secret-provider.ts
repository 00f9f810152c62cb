import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { RelayflowError } from '../errors/relayflow-error';
import type { SealedSecrets, SecretBinding, SecretProvider } from '../contracts/secret-provider';
import { masterKey, type EncryptionKeys, type MasterKey } from './encryption-keys';

const VERSION = 'rf1';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const INFO = Buffer.from('relayflow connector secrets v1');

type Key = MasterKey;

/**
 * Secrets at rest with AES-256-GCM. Each ciphertext has its own random salt; the data key is
 * HKDF-SHA256(master key, salt). The authenticated data binds it to the connector's id and type,
 * so a ciphertext copied to another connector does not decrypt. Older keys can stay as
 * decryption-only keys while rotating.
 */
export class AesGcmSecretProvider implements SecretProvider {
  private keys?: { current: Key; byId: Map<string, Key> };

  /**
   * @param loadKeys - called on first use, so a key is only looked up (or generated) when
   *   needed; `mayGenerate` is false when stored secrets exist (a new key could not open them)
   */
  constructor(private readonly loadKeys: (mayGenerate: boolean) => EncryptionKeys) {}

  private get current(): Key {
    return this.keyring().current;
  }

  private get byId(): Map<string, Key> {
    return this.keyring().byId;
  }

  private keyring(mayGenerate = true): { current: Key; byId: Map<string, Key> } {
    if (!this.keys) {
      const loaded = this.loadKeys(mayGenerate);
      const current = toKey(loaded.current);
      const byId = new Map<string, Key>();
      for (const k of [current, ...loaded.decryptionOnly.map(toKey)]) if (!byId.has(k.id)) byId.set(k.id, k);
      this.keys = { current, byId };
    }
    return this.keys;
  }

  async seal(secrets: Record<string, unknown>, binding: SecretBinding): Promise<SealedSecrets> {
    const salt = randomBytes(SALT_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey(this.current, salt), iv);
    cipher.setAAD(aad(binding));
    const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const blob = Buffer.concat([salt, iv, cipher.getAuthTag(), body]).toString('base64');
    return { ciphertext: `${VERSION}.${this.current.id}.${blob}`, keyId: this.current.id };
  }

  async open(sealed: SealedSecrets, binding: SecretBinding): Promise<Record<string, unknown>> {
    const [version, keyId, blob] = sealed.ciphertext.split('.');
    if (version !== VERSION || !keyId || !blob) {
      throw new RelayflowError('DECRYPTION_FAILED', `the stored secrets of connector "${binding.connectorName}" are not in a format this version understands`);
    }
    const key = this.byId.get(keyId);
    if (!key) throw wrongKey([keyId]);
    const raw = Buffer.from(blob, 'base64');
    const salt = raw.subarray(0, SALT_BYTES);
    const iv = raw.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES);
    const tag = raw.subarray(SALT_BYTES + IV_BYTES, SALT_BYTES + IV_BYTES + TAG_BYTES);
    const body = raw.subarray(SALT_BYTES + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey(key, salt), iv);
      decipher.setAAD(aad(binding));
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new RelayflowError('DECRYPTION_FAILED',
        `the secrets of connector "${binding.connectorName}" (${binding.connectorId}) do not decrypt: they were encrypted for another connector or have been altered. Set them again with: relayflow connectors update ${binding.connectorName} --secrets JSON`);
    }
  }

  isCurrent(keyId: string): boolean {
    return keyId === this.current.id;
  }

  assertKnownKeys(keyIds: string[]): void {
    const { byId } = this.keyring(keyIds.length === 0);
    const unknown = keyIds.filter((id) => !byId.has(id));
    if (unknown.length) throw wrongKey(unknown);
  }
}

function wrongKey(keyIds: string[]): RelayflowError {
  return new RelayflowError('DECRYPTION_FAILED',
    `the encryption key is wrong: stored secrets were encrypted with a different key (key id ${keyIds.join(', ')}). ` +
    'Set encryptionKey (or RELAYFLOW_ENCRYPTION_KEY) to the key they were encrypted with; when rotating, keep the old key under decryptionOnlyKeys.');
}

function toKey(secret: string): Key {
  return masterKey(secret);
}

function dataKey(key: Key, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key.material, salt, INFO, 32));
}

function aad(binding: SecretBinding): Buffer {
  return Buffer.from(`relayflow:connector:${binding.connectorId}:${binding.connectorType}`, 'utf8');
}
