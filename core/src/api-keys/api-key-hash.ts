import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX } from '../contracts/api-keys';
import type { MasterKey } from '../secrets/encryption-keys';

/** The HMAC secret made from one encryption key, and that key's id. */
export interface HmacKey {
  keyId: string;
  secret: Buffer;
}

const INFO = Buffer.from('relayflow api keys v1');

/**
 * The server secret API keys are hashed with: HKDF-SHA256 of the encryption key with its own
 * label, so it is independent of the keys that encrypt connector secrets.
 */
export function hmacKeyFor(key: MasterKey): HmacKey {
  return { keyId: key.id, secret: Buffer.from(hkdfSync('sha256', key.material, Buffer.alloc(0), INFO, 32)) };
}

/**
 * The stored form of an API key: HMAC-SHA256 with the server secret, hex. A generated key has 256
 * random bits, so a fast hash is as good as a slow one (nothing to guess, no dictionary), and the
 * same key always gives the same hash, which is what lets the store find a key by its hash.
 * Keyed, the hashes are useless without the encryption key even to someone holding the file.
 */
export function apiKeyHash(key: HmacKey, apiKey: string): string {
  return createHmac('sha256', key.secret).update(apiKey, 'utf8').digest('hex');
}

/** A new key: the prefix and 32 random bytes, base64url (43 characters). */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** SHA-256 of a key, so keys of any length compare in constant time. */
export function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
