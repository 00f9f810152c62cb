import { expect } from 'chai';
import type { AxiosResponse } from 'axios';
import { appendQuery, encodeRequest, MAX_RESPONSE_DEPTH, redirectedRequest, toHttpResponse } from './http-message';

describe('http messages', () => {
  describe('toHttpResponse', () => {
    const response = (body: string): AxiosResponse<Buffer> => ({ status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, data: Buffer.from(body) } as unknown as AxiosResponse<Buffer>);

    it('parses JSON, but keeps a body nested past the limit as its text (walking it would overflow the stack)', () => {
      const within = `${'['.repeat(MAX_RESPONSE_DEPTH)}${']'.repeat(MAX_RESPONSE_DEPTH)}`;
      expect(Array.isArray(toHttpResponse(response(within), undefined).data)).to.equal(true);
      const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
      expect(toHttpResponse(response(deep), undefined).data).to.equal(deep);
      expect(toHttpResponse(response('{"a": [1, {"b": 2}]}'), undefined).data).to.deep.equal({ a: [1, { b: 2 }] });
    });
  });

  describe('appendQuery', () => {
    it('appends to an existing query without re-encoding it, skipping undefined values', () => {
      const url = new URL('https://a.example/p?x=a%20b&y=1+2');
      appendQuery(url, { q: 'c&d', n: 3, t: true, none: undefined, nil: null });
      expect(url.href).to.equal('https://a.example/p?x=a%20b&y=1+2&q=c%26d&n=3&t=true');
      const bare = new URL('https://a.example/p');
      appendQuery(bare, { a: 'é' });
      expect(bare.search).to.equal('?a=%C3%A9');
    });
  });

  describe('encodeRequest', () => {
    it('sends objects as JSON unless a Content-Type (any case) is set, and drops undefined headers', () => {
      expect(encodeRequest({ url: 'x', data: { a: 1 }, headers: { 'X-A': 1, 'X-B': undefined } })).to.deep.equal({ headers: { 'X-A': '1', 'Content-Type': 'application/json' }, body: '{"a":1}' });
      expect(encodeRequest({ url: 'x', data: [1], headers: { 'CONTENT-TYPE': 'text/plain' } }).headers).to.deep.equal({ 'CONTENT-TYPE': 'text/plain' });
      expect(encodeRequest({ url: 'x', data: 'raw' }).body).to.equal('raw');
      expect(encodeRequest({ url: 'x' }).body).to.equal(undefined);
    });
  });

  describe('redirectedRequest', () => {
    const a = new URL('https://a.example/x');
    const b = new URL('https://b.example/y');
    const headers = { Authorization: 'Bearer t', Cookie: 'c', 'X-Key': 'k', 'Content-Type': 'application/json', Accept: '*/*' };

    it('drops credentials and the caller\'s sensitive headers at another origin', () => {
      const next = redirectedRequest(307, 'POST', headers, '{}', a, b, ['x-key']);
      expect(next).to.deep.equal({ method: 'POST', headers: { 'Content-Type': 'application/json', Accept: '*/*' }, body: '{}' });
    });

    it('turns 303 (any method but HEAD) and 301/302 POST into a GET without body', () => {
      expect(redirectedRequest(303, 'PUT', headers, '{}', a, new URL('https://a.example/z'), undefined)).to.deep.equal({
        method: 'GET', headers: { Authorization: 'Bearer t', Cookie: 'c', 'X-Key': 'k', Accept: '*/*' }, body: undefined,
      });
      expect(redirectedRequest(302, 'POST', headers, '{}', a, a, undefined).method).to.equal('GET');
      expect(redirectedRequest(302, 'DELETE', headers, undefined, a, a, undefined).method).to.equal('DELETE');
      expect(redirectedRequest(308, 'POST', headers, '{}', a, a, undefined)).to.deep.equal({ method: 'POST', headers, body: '{}' });
    });
  });
});
