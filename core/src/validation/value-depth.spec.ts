import { expect } from 'chai';
import { MAX_VALUE_DEPTH, tooDeepPath } from './value-depth';

describe('tooDeepPath', () => {
  const nested = (depth: number, leaf: unknown = 1): unknown => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
    return v;
  };

  it('is undefined for a value within the limit (scalars, and scalars at any depth)', () => {
    expect(tooDeepPath(1)).to.equal(undefined);
    expect(tooDeepPath(null)).to.equal(undefined);
    expect(tooDeepPath({ a: [1, { b: 'x' }], c: null })).to.equal(undefined);
    expect(tooDeepPath(nested(MAX_VALUE_DEPTH))).to.equal(undefined);
    expect(tooDeepPath({ a: { b: 1 } }, 2)).to.equal(undefined);
  });

  it('gives the path of the object or list nested past the limit, keys and indexes as met', () => {
    expect(tooDeepPath(nested(MAX_VALUE_DEPTH + 1, {}))).to.have.length(MAX_VALUE_DEPTH);
    expect(tooDeepPath({ a: { b: 1 }, c: [[{ d: {} }]] }, 3)).to.deep.equal(['c', 0, 0]);
    expect(tooDeepPath({ a: { b: 1 }, c: [[{ d: {} }]] }, 4)).to.deep.equal(['c', 0, 0, 'd']);
    expect(tooDeepPath({ a: {} }, 0)).to.deep.equal([]);
  });

  it('reports the last-listed branch first when several are too deep (the order it always had)', () => {
    expect(tooDeepPath({ first: { x: {} }, second: { y: {} } }, 2)).to.deep.equal(['second', 'y']);
    expect(tooDeepPath([[[]], [[]]], 2)).to.deep.equal([1, 0]);
  });
});
