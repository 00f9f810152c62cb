import { expect } from 'chai';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleLogger } from '../logging/console-logger';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { AesGcmSecretProvider } from './aes-gcm-secret-provider';
import { GENERATED_KEY_FILE, resolveEncryptionKeys } from './encryption-keys';

const KEY_A = 'a'.repeat(20) + 'key-number-one-000';
const KEY_B = 'b'.repeat(20) + 'key-number-two-000';
const binding = { connectorId: '11111111-1111-4111-8111-111111111111', connectorType: 'echo', connectorName: 'one' };

function provider(current: string, decryptionOnly: string[] = []): AesGcmSecretProvider {
  return new AesGcmSecretProvider(() => ({ current, decryptionOnly }));
}

describe('AesGcmSecretProvider', () => {
  describe('.seal / .open', () => {
    it('round-trips secrets and never puts them in the ciphertext', async () => {
      const p = provider(KEY_A);
      const sealed = await p.seal({ token: 'very-secret-token' }, binding);
      expect(sealed.ciphertext).to.not.include('very-secret-token');
      expect(Buffer.from(sealed.ciphertext.split('.')[2], 'base64').toString('latin1')).to.not.include('very-secret-token');
      expect(await p.open(sealed, binding)).to.deep.equal({ token: 'very-secret-token' });
    });

    it('uses a fresh salt and IV each time', async () => {
      const p = provider(KEY_A);
      const a = await p.seal({ token: 'same' }, binding);
      const b = await p.seal({ token: 'same' }, binding);
      expect(a.ciphertext).to.not.equal(b.ciphertext);
    });

    it('refuses a ciphertext moved to another connector id or type', async () => {
      const p = provider(KEY_A);
      const sealed = await p.seal({ token: 'x' }, binding);
      const moved = await rejectionOf(p.open(sealed, { ...binding, connectorId: '22222222-2222-4222-8222-222222222222' }));
      expect(moved.code).to.equal('DECRYPTION_FAILED');
      expect(moved.message).to.match(/encrypted for another connector/);
      const retyped = await rejectionOf(p.open(sealed, { ...binding, connectorType: 'slack' }));
      expect(retyped.code).to.equal('DECRYPTION_FAILED');
    });

    it('says the key is wrong, in plain words, when another key sealed the secrets', async () => {
      const sealed = await provider(KEY_A).seal({ token: 'x' }, binding);
      const err = await rejectionOf(provider(KEY_B).open(sealed, binding));
      expect(err.code).to.equal('DECRYPTION_FAILED');
      expect(err.isUserError).to.equal(true);
      expect(err.message).to.match(/encryption key is wrong/);
    });

    it('decrypts with a decryption-only key during rotation and seals with the current key', async () => {
      const old = await provider(KEY_A).seal({ token: 'x' }, binding);
      const rotating = provider(KEY_B, [KEY_A]);
      expect(await rotating.open(old, binding)).to.deep.equal({ token: 'x' });
      expect(rotating.isCurrent(old.keyId)).to.equal(false);
      const resealed = await rotating.seal({ token: 'x' }, binding);
      expect(rotating.isCurrent(resealed.keyId)).to.equal(true);
      expect(await provider(KEY_B).open(resealed, binding)).to.deep.equal({ token: 'x' });
    });
  });

  describe('.assertKnownKeys', () => {
    it('fails fast for key ids no configured key has', async () => {
      const sealed = await provider(KEY_A).seal({}, binding);
      expect(() => provider(KEY_B).assertKnownKeys([sealed.keyId])).to.throw(/encryption key is wrong/);
      expect(() => provider(KEY_B, [KEY_A]).assertKnownKeys([sealed.keyId])).to.not.throw();
    });
  });
});

describe('resolveEncryptionKeys', () => {
  const logger = new ConsoleLogger('silent');

  it('prefers the configured key, then RELAYFLOW_ENCRYPTION_KEY', () => {
    const dataDir = tempDir();
    expect(resolveEncryptionKeys({ configKey: KEY_A, env: { RELAYFLOW_ENCRYPTION_KEY: KEY_B }, dataDir, logger }).current).to.equal(KEY_A);
    expect(resolveEncryptionKeys({ env: { RELAYFLOW_ENCRYPTION_KEY: KEY_B }, dataDir, logger }).current).to.equal(KEY_B);
    expect(existsSync(join(dataDir, GENERATED_KEY_FILE))).to.equal(false);
  });

  it('generates a key file with mode 0600 once, and says so once', () => {
    const dataDir = tempDir();
    const said: string[] = [];
    const recording = { ...logger, warn: (m: string) => said.push(m), child: () => recording } as unknown as ConsoleLogger;
    const first = resolveEncryptionKeys({ env: {}, dataDir, logger: recording }).current;
    const second = resolveEncryptionKeys({ env: {}, dataDir, logger: recording }).current;
    expect(first).to.equal(second);
    expect(first.length).to.be.at.least(32);
    expect(statSync(join(dataDir, GENERATED_KEY_FILE)).mode & 0o777).to.equal(0o600);
    expect(readFileSync(join(dataDir, GENERATED_KEY_FILE), 'utf8').trim()).to.equal(first);
    expect(said).to.have.length(1);
    expect(said[0]).to.match(/generated one/);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => resolveEncryptionKeys({ configKey: 'short', env: {}, dataDir: tempDir(), logger }))
      .to.throw(/encryptionKey must be at least 32 characters/);
  });
});
