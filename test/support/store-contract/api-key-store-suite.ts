import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { Store, StoredApiKey } from '../../../core/src/contracts/store';
import { rejectionOf } from '../errors';
import type { StoreMaker } from './store-maker';

function apiKey(name: string, extra: Partial<StoredApiKey> = {}): StoredApiKey {
  return { name, hash: createHash('sha256').update(name).digest('hex'), keyId: 'k1', scopes: ['read', 'run'], createdAt: '2026-01-01T00:00:00.000Z', ...extra };
}

/** The ApiKeyStore contract. */
export function apiKeyStoreSuite(maker: StoreMaker): void {
  describe('ApiKeyStore', () => {
    let store: Store;
    beforeEach(async () => { store = await maker.open(); });

    it('finds a key by its hash, lists keys by name, and refuses a taken name with API_KEY_NAME_TAKEN, never showing a hash', async () => {
      const ci = apiKey('ci');
      const admin = apiKey('admin', { scopes: ['admin'], keyId: 'k2' });
      await store.apiKeys.insert(ci);
      await store.apiKeys.insert(admin);
      expect(await store.apiKeys.findByHash(ci.hash)).to.deep.equal(ci);
      expect(await store.apiKeys.findByHash('0'.repeat(64))).to.equal(undefined);
      expect(await store.apiKeys.list()).to.deep.equal([admin, ci]);
      const taken = await rejectionOf(store.apiKeys.insert(apiKey('ci', { hash: 'f'.repeat(64) })));
      expect(taken.code).to.equal('API_KEY_NAME_TAKEN');
      expect(taken.message).to.equal('an API key named "ci" already exists; revoke it first (relayflow apikeys revoke ci) or choose another name');
      const sameHash = await rejectionOf(store.apiKeys.insert(apiKey('other', { hash: ci.hash })));
      expect(sameHash.message).to.not.contain(ci.hash);
      expect((await store.apiKeys.list()).map((k) => k.name)).to.deep.equal(['admin', 'ci']);
    });

    it('counts a key made or revoked by another store on the same data at once', async () => {
      const other = await maker.open();
      const ci = apiKey('ci');
      await other.apiKeys.insert(ci);
      expect(await store.apiKeys.findByHash(ci.hash)).to.deep.equal(ci);
      expect(await other.apiKeys.delete('ci')).to.equal(true);
      expect(await store.apiKeys.findByHash(ci.hash)).to.equal(undefined);
      expect(await store.apiKeys.delete('ci')).to.equal(false);
    });
  });
}
