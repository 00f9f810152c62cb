import { expect } from 'chai';
import { headerValue, mergeHeaders } from './headers';

describe('mergeHeaders', () => {
  it('lets later layers win, comparing names case-insensitively and keeping the winner\'s spelling', () => {
    const merged = mergeHeaders(
      { 'X-Team': 'config', Accept: 'text/plain', 'x-api-key': 'config-key' },
      { 'X-API-KEY': 'secret-key' },
      { authorization: 'Basic abc' },
      { Authorization: 'Bearer step', accept: 'application/json' },
    );
    expect(merged).to.deep.equal({ 'X-Team': 'config', 'X-API-KEY': 'secret-key', Authorization: 'Bearer step', accept: 'application/json' });
    expect(headerValue(merged, 'AUTHORIZATION')).to.equal('Bearer step');
  });

  it('skips missing layers and undefined values', () => {
    expect(mergeHeaders(undefined, null, { a: '1', b: undefined }, { a: undefined })).to.deep.equal({ a: '1' });
  });
});
