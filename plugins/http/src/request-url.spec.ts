import { expect } from 'chai';
import { RelayflowError } from '@relayflow/sdk';
import { buildRequestUrl } from './request-url';

describe('buildRequestUrl', () => {
  it('joins base and path with exactly one slash', () => {
    for (const [base, path] of [['https://api.example/v1', 'items'], ['https://api.example/v1/', '/items'], ['https://api.example/v1//', '//items']]) {
      expect(buildRequestUrl(base, path, undefined), `${base} + ${path}`).to.equal('https://api.example/v1/items');
    }
    expect(buildRequestUrl('https://api.example', 'items', undefined)).to.equal('https://api.example/items');
    expect(buildRequestUrl('https://api.example/v1', undefined, undefined)).to.equal('https://api.example/v1');
    expect(buildRequestUrl('https://api.example/v1', '', undefined)).to.equal('https://api.example/v1');
  });

  it('keeps the base URL\'s query when a path is joined, and a query written in the path', () => {
    expect(buildRequestUrl('https://api.example/v1?key=k', 'items', undefined)).to.equal('https://api.example/v1/items?key=k');
    expect(buildRequestUrl('https://api.example/v1?key=k', 'items?page=2', undefined)).to.equal('https://api.example/v1/items?key=k&page=2');
  });

  it('appends query parameters to an existing query, encoding them, repeating lists and skipping null', () => {
    expect(buildRequestUrl('https://api.example/s?q=a%20b', undefined, { tag: ['x', 'y'], n: 1, ok: true, text: 'a&b=c d', none: null }))
      .to.equal('https://api.example/s?q=a%20b&tag=x&tag=y&n=1&ok=true&text=a%26b%3Dc%20d');
    expect(buildRequestUrl('https://api.example/s', 'p', { a: '1' })).to.equal('https://api.example/s/p?a=1');
  });

  it('needs an absolute http(s) URL', () => {
    expect(() => buildRequestUrl(undefined, 'x', undefined)).to.throw(RelayflowError, /with\.url is required/);
    expect(() => buildRequestUrl('/relative', undefined, undefined)).to.throw(RelayflowError, /not an absolute URL/);
    expect(() => buildRequestUrl('ftp://x/y', undefined, undefined)).to.throw(RelayflowError, /http or https/);
    expect(() => buildRequestUrl('nope://user:hunter2@', undefined, undefined)).to.throw(RelayflowError).with.property('message').that.does.not.contain('hunter2');
  });
});
