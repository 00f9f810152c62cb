import { expect } from 'chai';
import type { FastifyRequest } from 'fastify';
import { jsonBodyParser } from './json-body';

function parse(text: string): { err: Error | null; value?: unknown } {
  let result: { err: Error | null; value?: unknown } = { err: null };
  jsonBodyParser({} as FastifyRequest, text, (err, value) => { result = { err, value }; });
  return result;
}

describe('jsonBodyParser', () => {
  it('reads JSON of any kind, and an empty body as none', () => {
    expect(parse('{"a": [1, "x"]}').value).to.deep.equal({ a: [1, 'x'] });
    expect(parse('"text"').value).to.equal('text');
    expect(parse('  ').value).to.equal(undefined);
  });

  it('refuses text that is not JSON with BAD_ARGUMENT', () => {
    expect(parse('{"a":').err).to.have.property('code', 'BAD_ARGUMENT');
  });

  it('refuses __proto__ keys, also spelled with escapes, and constructor.prototype', () => {
    for (const text of ['{"__proto__": {"x": 1}}', '{"\\u005f_proto__": {"x": 1}}', '{"a": {"constructor": {"prototype": {}}}}']) {
      expect(parse(text).err, text).to.have.property('code', 'BAD_ARGUMENT');
    }
    expect(parse('{"constructor": "ok"}').value).to.deep.equal({ constructor: 'ok' });
  });
});
