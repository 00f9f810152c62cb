import { expect } from 'chai';
import { JsonPath } from './json-path';

describe('JsonPath', () => {
  describe('.get', () => {
    const data = { id: 1, data: { id: 'x', 'a.b': 'dotted', list: [{ v: 'first' }, { v: 'second' }] }, fields: { ids: ['i0'] } };
    for (const [path, expected] of [
      ['id', 1], ['data.id', 'x'], ['fields.ids[0]', 'i0'], ['data.list[1].v', 'second'], ['data["a.b"]', 'dotted'], ["data['a.b']", 'dotted'],
      ['data.list.0.v', 'first'], ['data.nope', undefined], ['id.deeper', undefined], ['fields.ids[3]', undefined],
    ] as Array<[string, unknown]>) {
      it(`reads ${path}`, () => expect(JsonPath.parse(path).get(data)).to.equal(expected));
    }
  });

  describe('.parse', () => {
    for (const bad of ['', 'a..b', 'a.', '.a', 'a[', 'a[x]', 'a]b', 'a[0]b']) {
      it(`refuses ${JSON.stringify(bad)}`, () => expect(() => JsonPath.parse(bad)).to.throw(/is not a valid key path/));
    }
  });
});
