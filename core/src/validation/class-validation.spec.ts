import { expect } from 'chai';
import { IsInt, IsString } from 'class-validator';
import { toProblem, validateClass } from './class-validation';

class Settings {
  @IsString() url!: string;
  @IsInt() retries!: number;
}

describe('validateClass', () => {
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
