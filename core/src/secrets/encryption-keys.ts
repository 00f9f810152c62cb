import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RelayflowError } from '../contracts/relayflow-error';
import type { Logger } from '../tokens';

/** The file a generated key is kept in, inside the data dir. */
export const GENERATED_KEY_FILE = 'encryption.key';

/** Keys for secrets at rest: the current one encrypts and decrypts, the others only decrypt. */
export interface EncryptionKeys {
  current: string;
  decryptionOnly: string[];
}

/**
 * Finds the encryption key: `encryptionKey` from the config, else `RELAYFLOW_ENCRYPTION_KEY`,
 * else the key generated in the data dir (generated, mode 0600, on first use, and said once).
 *
 * @throws RelayflowError `ENCRYPTION_KEY_INVALID` for a key shorter than 32 characters
 */
export function resolveEncryptionKeys(options: {
  configKey?: string;
  decryptionOnlyKeys?: string[];
  env: NodeJS.ProcessEnv;
  dataDir: string;
  logger: Logger;
}): EncryptionKeys {
  const configured = options.configKey ?? options.env.RELAYFLOW_ENCRYPTION_KEY;
  const current = configured ?? generatedKey(options.dataDir, options.logger);
  if (current.length < 32) {
    const where = options.configKey !== undefined ? 'encryptionKey' : 'RELAYFLOW_ENCRYPTION_KEY';
    throw new RelayflowError('ENCRYPTION_KEY_INVALID', `${where} must be at least 32 characters (got ${current.length}); generate one with: openssl rand -base64 32`);
  }
  return { current, decryptionOnly: options.decryptionOnlyKeys ?? [] };
}

function generatedKey(dataDir: string, logger: Logger): string {
  const file = join(dataDir, GENERATED_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn(`no encryptionKey configured: generated one at ${file} (mode 0600). Back it up, or set RELAYFLOW_ENCRYPTION_KEY; without it stored secrets cannot be decrypted.`);
  return key;
}
