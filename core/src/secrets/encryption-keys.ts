import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RelayflowError } from '../errors/relayflow-error';
import { ensureDataDir } from '../files/private-files';
import type { Logger } from '../contracts/logger';

/** The file a generated key is kept in, inside the data dir. */
export const GENERATED_KEY_FILE = 'encryption.key';

/** Keys for secrets at rest: the current one encrypts and decrypts, the others only decrypt. */
export interface EncryptionKeys {
  current: string;
  decryptionOnly: string[];
}

/** An encryption key as it is used: its material (SHA-256 of the text) and an id naming it in stored data. */
export interface MasterKey {
  /** 8 bytes of HKDF output, hex: says which key sealed or hashed something, without revealing it. */
  id: string;
  material: Buffer;
}

/** The material and id of an encryption key (any string of at least 32 characters). */
export function masterKey(secret: string): MasterKey {
  const material = createHash('sha256').update(secret, 'utf8').digest();
  const id = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), Buffer.from('relayflow key id'), 8)).toString('hex');
  return { id, material };
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
  /** False when secrets already exist: a new key could never decrypt them, so say so instead. */
  mayGenerate?: boolean;
}): EncryptionKeys {
  assertConfiguredKey(options.configKey, options.env);
  const current = options.configKey ?? options.env.RELAYFLOW_ENCRYPTION_KEY ?? generatedKey(options.dataDir, options.logger, options.mayGenerate ?? true);
  return { current, decryptionOnly: options.decryptionOnlyKeys ?? [] };
}

/**
 * Checks the configured key, if any, without generating one: cheap enough for every start.
 * @throws RelayflowError `ENCRYPTION_KEY_INVALID` for a key shorter than 32 characters
 */
export function assertConfiguredKey(configKey: string | undefined, env: NodeJS.ProcessEnv): void {
  const key = configKey ?? env.RELAYFLOW_ENCRYPTION_KEY;
  if (key !== undefined && key.length < 32) {
    throw tooShort(configKey !== undefined ? 'encryptionKey' : 'RELAYFLOW_ENCRYPTION_KEY', key.length);
  }
}

/**
 * A store that several nodes share (`Store.shared`, e.g. PostgreSQL) needs the key they all use:
 * a node never generates its own, or its secrets could be opened by no other node.
 * @param storeShown - the store setting as it may be shown (no password)
 * @throws RelayflowError `CONFIG_INVALID` naming `encryptionKey` when neither it nor `RELAYFLOW_ENCRYPTION_KEY` is set
 */
export function assertKeyForSharedStore(configKey: string | undefined, env: NodeJS.ProcessEnv, storeShown: string): void {
  if ((configKey ?? env.RELAYFLOW_ENCRYPTION_KEY) !== undefined) return;
  throw new RelayflowError('CONFIG_INVALID',
    `encryptionKey is required with ${storeShown}: every node that uses it must encrypt secrets with the same key, and none generates its own; `
    + 'set encryptionKey in relayflow.yaml (or RELAYFLOW_ENCRYPTION_KEY) to a key of at least 32 characters, e.g. from: openssl rand -base64 32');
}

function tooShort(where: string, length: number): RelayflowError {
  return new RelayflowError('ENCRYPTION_KEY_INVALID', `${where} must be at least 32 characters (got ${length}); generate one with: openssl rand -base64 32`);
}

function generatedKey(dataDir: string, logger: Logger, mayGenerate: boolean): string {
  const file = join(dataDir, GENERATED_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < 32) throw tooShort(`the generated key in ${file}`, key.length);
    return key;
  }
  if (!mayGenerate) {
    throw new RelayflowError('ENCRYPTION_KEY_INVALID',
      `the store in ${dataDir} holds encrypted secrets, but no encryption key is configured and none was generated there; set encryptionKey (or RELAYFLOW_ENCRYPTION_KEY) to the key they were encrypted with`);
  }
  try {
    ensureDataDir(dataDir);
  } catch (err) {
    throw new RelayflowError('ENCRYPTION_KEY_INVALID', `cannot keep a generated encryption key: ${(err as Error).message}; set encryptionKey (or RELAYFLOW_ENCRYPTION_KEY), or choose another --data-dir`);
  }
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn(`no encryptionKey configured: generated one at ${file} (mode 0600). Back it up, or set RELAYFLOW_ENCRYPTION_KEY; without it stored secrets cannot be decrypted.`);
  return key;
}
