import { expect } from 'chai';
import { Type } from 'class-transformer';
import { Allow, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { toProblem, validateClass } from './class-validation';

class Settings {
  @IsString() url!: string;
  @IsInt() retries!: number;
}

class Inner {
  @IsString() name!: string;
}

class Params {
  @IsOptional() @Allow() data?: unknown;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Inner) items?: Inner[];
}

describe('validateClass', () => {
  describe('keys named like Object.prototype members', () => {
    const plain = (json: string): unknown => JSON.parse(json);

    it('keeps them verbatim, as own keys at any depth, in free-form values', () => {
      const input = plain('{"data":{"constructor":{"constructor":1},"toString":"t","valueOf":"v","hasOwnProperty":"h","__proto__":{"x":[{"__proto__":2}]}}}');
      const result = validateClass(Params, input);
      expect(result.ok).to.equal(true);
      const data = result.ok ? (result.value as Params).data as Record<string, unknown> : {};
      expect(Object.keys(data)).to.deep.equal(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']);
      expect(JSON.stringify(data)).to.equal(JSON.stringify((input as Params).data));
      expect(Object.getPrototypeOf(data)).to.equal(Object.prototype);
    });

    it('reports them as unknown keys of a schema class, nested ones with their path', () => {
      const result = validateClass(Params, plain('{"toString":1,"constructor":{"a":1},"items":[{"name":"n","__proto__":{"b":1},"valueOf":3}]}'), ['with']);
      expect(result.ok ? [] : result.problems.map((p) => [p.code, p.path.join('.'), p.message])).to.have.deep.members([
        ['UNKNOWN_KEY', 'with.toString', 'unknown key "toString"; expected one of: data, items'],
        ['UNKNOWN_KEY', 'with.constructor', 'unknown key "constructor"; expected one of: data, items'],
        ['UNKNOWN_KEY', 'with.items.0.__proto__', 'unknown key "__proto__"; expected one of: name'],
        ['UNKNOWN_KEY', 'with.items.0.valueOf', 'unknown key "valueOf"; expected one of: name'],
      ]);
    });
  });


  it('codes every problem: unknown key, missing key, invalid value', () => {
    const result = validateClass(Settings, { retries: 'three', urll: 'x' }, ['config']);
    expect(result.ok).to.equal(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.code, p.path.join('.')])).to.have.deep.members([
      ['UNKNOWN_KEY', 'config.urll'], ['MISSING_KEY', 'config.url'], ['INVALID_VALUE', 'config.retries'],
    ]);
  });

  it('codes a value that is not an object as an invalid value', () => {
    const result = validateClass(Settings, 'nope', ['with']);
    expect(result.ok ? undefined : result.problems[0]).to.deep.include({ code: 'INVALID_VALUE', message: 'with must be an object' });
  });
});

describe('toProblem', () => {
  it('keeps the path as text and as keys and indices, and the code', () => {
    expect(toProblem({ path: ['steps', 2, 'with', 'summary'], message: 'bad', at: 'value', code: 'INVALID_VALUE' })).to.deep.equal({
      path: 'steps[2].with.summary', fieldPath: ['steps', 2, 'with', 'summary'], code: 'INVALID_VALUE', message: 'bad',
    });
    expect(toProblem({ path: ['a'], message: 'm', at: 'key' })).to.deep.equal({ path: 'a', fieldPath: ['a'], message: 'm' });
  });
});
