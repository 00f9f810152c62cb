import { expect } from 'chai';
import { toJsonValue } from './json-value';

describe('toJsonValue', () => {
  it('returns plain JSON data itself, without a copy', () => {
    const data = { status: 200, headers: { a: 'b' }, data: [1, 'two', true, null, { deep: [[]] }] };
    expect(toJsonValue(data)).to.equal(data);
  });

  it('copies through JSON whatever JSON would change', () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    class Issue { constructor(readonly key: string) {} }
    const cases: Array<[unknown, unknown]> = [
      [{ at: when }, { at: '2026-01-02T03:04:05.000Z' }],
      [{ a: 1, gone: undefined }, { a: 1 }],
      [[undefined, () => 1], [null, null]],
      [{ n: NaN, i: Infinity }, { n: null, i: null }],
      [{ big: 12345678901234567890n }, { big: '12345678901234567890' }],
      [new Issue('OPS-1'), { key: 'OPS-1' }],
      [{ custom: { toJSON: () => 'as text' } }, { custom: 'as text' }],
      [[1, , 3], [1, null, 3]],
      [new Map([['k', 'v']]), {}],
      [undefined, null],
    ];
    for (const [input, expected] of cases) {
      const out = toJsonValue(input);
      expect(out, JSON.stringify(expected)).to.deep.equal(expected);
      expect(out).to.not.equal(input);
    }
  });

  it('copies a value nested deeper than it checks, and throws on a cycle', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const out = toJsonValue(deep);
    expect(out).to.deep.equal(deep);
    expect(out).to.not.equal(deep);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toJsonValue(cycle)).to.throw(/circular/i);
  });
});
