import { expect } from 'chai';
import { cachedAuthenticate, KEY_CACHE_MS } from './key-cache';

describe('cachedAuthenticate', () => {
  it('asks again after KEY_CACHE_MS, so a revoked key is refused within it; never remembers a wrong key', async () => {
    let clock = 0;
    let valid = true;
    const asked: string[] = [];
    const authenticate = cachedAuthenticate(async (key) => {
      asked.push(key);
      return valid && key === 'good' ? { name: 'k', scopes: ['read'] } : undefined;
    }, () => clock);
    expect(await authenticate('good')).to.deep.equal({ name: 'k', scopes: ['read'] });
    expect(await authenticate('good')).to.deep.equal({ name: 'k', scopes: ['read'] });
    expect(asked).to.deep.equal(['good']);
    valid = false;
    clock += KEY_CACHE_MS + 1;
    expect(await authenticate('good')).to.equal(undefined);
    await authenticate('bad');
    await authenticate('bad');
    expect(asked).to.deep.equal(['good', 'good', 'bad', 'bad']);
  });
});
