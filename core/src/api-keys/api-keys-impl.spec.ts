import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import type { Logger } from '../contracts/logger';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { masterKey } from '../secrets/encryption-keys';
import { apiKeyHash, hmacKeyFor } from './api-key-hash';

const KEY_A = 'a'.repeat(20) + '-first-encryption-key';
const KEY_B = 'b'.repeat(20) + '-second-encryption-key';
const CI_KEY = 'ci-key-from-the-environment-0123456789';

/** A logger keeping every line with its fields, to look for keys in. */
function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => { lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`); };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

/** Every byte of every file in the data dir (the database, its WAL, the generated key). */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

describe('ApiKeysImpl', () => {
  const open: Relayflow[] = [];
  let lines: string[];
  async function relayflow(dataDir: string, config: object = { encryptionKey: KEY_A }): Promise<Relayflow> {
    const rf = await createRelayflow({ config, dataDir, plugins: [], env: {}, logger: recordingLogger(lines) });
    open.push(rf);
    return rf;
  }
  beforeEach(() => { lines = []; });
  afterEach(async () => { await Promise.all(open.splice(0).map((rf) => rf.stop())); });

  describe('.create', () => {
    it('makes an rfk_ key of 32 random bytes that authenticates at once with its name and scopes', async () => {
      const rf = await relayflow(tempDir());
      const created = await rf.apiKeys.create({ name: 'ci', scopes: ['run', 'read', 'run'] });
      expect(created.name).to.equal('ci');
      expect(created.scopes).to.deep.equal(['read', 'run']);
      expect(created.key).to.match(/^rfk_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(created.key.slice(4), 'base64url')).to.have.length(32);
      expect(await rf.apiKeys.authenticate(created.key)).to.deep.equal({ name: 'ci', scopes: ['read', 'run'] });
      const other = await rf.apiKeys.create({ name: 'other', scopes: ['admin'] });
      expect(other.key).to.not.equal(created.key);
    });

    it('keeps only an HMAC of the key: the data dir holds the hash, never the key, and no log line has it', async () => {
      const dir = tempDir();
      const rf = await relayflow(dir);
      const { key } = await rf.apiKeys.create({ name: 'ci', scopes: ['read'] });
      const hash = apiKeyHash(hmacKeyFor(masterKey(KEY_A)), key);
      const check = (): void => {
        const bytes = dataDirBytes(dir);
        expect(bytes.includes(Buffer.from(key)), 'key in the data dir').to.equal(false);
        expect(bytes.includes(Buffer.from(key.slice(4))), 'key body in the data dir').to.equal(false);
        expect(bytes.includes(Buffer.from(hash)), 'hash in the data dir').to.equal(true);
      };
      check(); // in the WAL
      await rf.stop();
      check(); // checkpointed into the database file
      expect(lines.join('\n')).to.not.contain(key.slice(4, 20));
      expect(lines.some((l) => l.startsWith('info API key created'))).to.equal(true);
      expect(JSON.stringify(await (await relayflow(dir)).apiKeys.list())).to.not.contain(hash);
    });

    it('refuses a taken name, a name configured in relayflow.yaml, a bad name and bad scopes', async () => {
      const rf = await relayflow(tempDir(), { encryptionKey: KEY_A, server: { apiKeys: [{ name: 'ci', key: CI_KEY, scopes: ['read'] }] } });
      await rf.apiKeys.create({ name: 'deploy', scopes: ['admin'] });
      expect((await rejectionOf(rf.apiKeys.create({ name: 'deploy', scopes: ['read'] }))).code).to.equal('API_KEY_NAME_TAKEN');
      const configured = await rejectionOf(rf.apiKeys.create({ name: 'ci', scopes: ['read'] }));
      expect(configured.code).to.equal('API_KEY_NAME_TAKEN');
      expect(configured.message).to.contain('relayflow.yaml');
      const bad = await rejectionOf(rf.apiKeys.create({ name: 'has space', scopes: ['write' as 'read'] }));
      expect(bad.code).to.equal('VALIDATION_FAILED');
      expect(bad.problems.map((p) => p.path)).to.deep.equal(['name', 'scopes']);
      expect((await rejectionOf(rf.apiKeys.create({ name: 'x', scopes: [] }))).problems.map((p) => p.path)).to.deep.equal(['scopes']);
    });

    it('generates the encryption key in the data dir when none is configured, and other processes use it', async () => {
      const dir = tempDir();
      const rf = await relayflow(dir, {});
      const { key } = await rf.apiKeys.create({ name: 'ci', scopes: ['read'] });
      expect(lines.some((l) => l.startsWith('warn no encryptionKey configured: generated one'))).to.equal(true);
      expect(await (await relayflow(dir, {})).apiKeys.authenticate(key)).to.deep.equal({ name: 'ci', scopes: ['read'] });
    });
  });

  describe('.authenticate', () => {
    it('refuses a wrong key, a near miss, an empty and an oversized one', async () => {
      const rf = await relayflow(tempDir(), { encryptionKey: KEY_A, server: { apiKeys: [{ name: 'ci', key: CI_KEY, scopes: ['run'] }] } });
      const { key } = await rf.apiKeys.create({ name: 'stored', scopes: ['read'] });
      const nearMiss = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      for (const wrong of [nearMiss, `${key} `, 'rfk_', '', CI_KEY.slice(0, -1), `${CI_KEY}x`, 'x'.repeat(5000), undefined as unknown as string]) {
        expect(await rf.apiKeys.authenticate(wrong), String(wrong).slice(0, 30)).to.equal(undefined);
      }
      expect(await rf.apiKeys.authenticate(CI_KEY)).to.deep.equal({ name: 'ci', scopes: ['run'] });
    });

    it('sees a key created, then revoked, by another Relayflow on the same data dir at once', async () => {
      const dir = tempDir();
      const server = await relayflow(dir);
      const cli = await relayflow(dir);
      const { key } = await cli.apiKeys.create({ name: 'hook', scopes: ['run'] });
      expect(await server.apiKeys.authenticate(key)).to.deep.equal({ name: 'hook', scopes: ['run'] });
      await cli.apiKeys.revoke('hook');
      expect(await server.apiKeys.authenticate(key)).to.equal(undefined);
    });

    it('keeps accepting keys made before a key rotation while the old key is a decryption-only key', async () => {
      const dir = tempDir();
      const before = await relayflow(dir, { encryptionKey: KEY_A });
      const { key } = await before.apiKeys.create({ name: 'old', scopes: ['read'] });
      await before.stop();
      const rotated = await relayflow(dir, { encryptionKey: KEY_B, decryptionOnlyKeys: [KEY_A] });
      expect(await rotated.apiKeys.authenticate(key)).to.deep.equal({ name: 'old', scopes: ['read'] });
      const fresh = await rotated.apiKeys.create({ name: 'new', scopes: ['read'] });
      const withoutOld = await relayflow(dir, { encryptionKey: KEY_B });
      expect(await withoutOld.apiKeys.authenticate(key)).to.equal(undefined);
      expect(await withoutOld.apiKeys.authenticate(fresh.key)).to.deep.equal({ name: 'new', scopes: ['read'] });
    });
  });

  describe('.list / .revoke', () => {
    it('lists config and stored keys by name without any key or hash', async () => {
      const rf = await relayflow(tempDir(), { encryptionKey: KEY_A, server: { apiKeys: [{ name: 'zeta', key: CI_KEY, scopes: ['admin', 'read'] }] } });
      const { key } = await rf.apiKeys.create({ name: 'alpha', scopes: ['run'] });
      const list = await rf.apiKeys.list();
      expect(list.map((k) => [k.name, k.source, k.scopes])).to.deep.equal([['alpha', 'store', ['run']], ['zeta', 'config', ['admin', 'read']]]);
      expect(list[0].createdAt).to.be.a('string');
      expect(JSON.stringify(list)).to.not.contain(CI_KEY).and.not.contain(key);
    });

    it('revokes a stored key; refuses an unknown one and one from relayflow.yaml', async () => {
      const rf = await relayflow(tempDir(), { encryptionKey: KEY_A, server: { apiKeys: [{ name: 'ci', key: CI_KEY, scopes: ['read'] }] } });
      const { key } = await rf.apiKeys.create({ name: 'gone', scopes: ['read'] });
      await rf.apiKeys.revoke('gone');
      expect(await rf.apiKeys.authenticate(key)).to.equal(undefined);
      expect((await rejectionOf(rf.apiKeys.revoke('gone'))).code).to.equal('API_KEY_NOT_FOUND');
      const configured = await rejectionOf(rf.apiKeys.revoke('ci'));
      expect(configured.code).to.equal('BAD_ARGUMENT');
      expect(configured.message).to.equal('the API key "ci" comes from relayflow.yaml (server.apiKeys); remove it there to revoke it');
      expect(await rf.apiKeys.authenticate(CI_KEY)).to.deep.equal({ name: 'ci', scopes: ['read'] });
    });
  });
});
