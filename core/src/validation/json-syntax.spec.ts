import { expect } from 'chai';
import { jsonSyntaxMessage } from './json-syntax';

describe('jsonSyntaxMessage', () => {
  it('says what is wrong and where, by line and column', () => {
    expect(jsonSyntaxMessage('{"a": 1,}')).to.equal('a property name in double quotes expected at line 1, column 9');
    expect(jsonSyntaxMessage('{\n  "a" 1\n}')).to.equal('a colon expected at line 2, column 7');
    expect(jsonSyntaxMessage('[1, 2')).to.equal('a closing ] expected at line 1, column 6');
    expect(jsonSyntaxMessage('{}}')).to.equal('nothing expected after the value at line 1, column 3');
    expect(jsonSyntaxMessage('  ')).to.equal('it is empty');
  });

  it('never quotes the text, which may be a secret (the engine quotes it)', () => {
    const text = '{"token": s3cret-value-0123}';
    expect(() => JSON.parse(text)).to.throw(/s3cret/);
    expect(jsonSyntaxMessage(text)).to.equal('an unexpected character at line 1, column 11');
    for (const bad of ['{"token": "s3cret-value-0123', '{"token": "s3cret-value-0123"', '{"token": "s3cret-value-0123" x}', 's3cret-value-0123']) {
      expect(jsonSyntaxMessage(bad)).to.not.include('s3cret');
    }
  });

  it('finds the place even when the text nests too deep for a parser that recurses', () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    expect(jsonSyntaxMessage(`\u0000${deep}`)).to.equal('an unexpected character at line 1, column 1');
    expect(jsonSyntaxMessage(`${deep.slice(0, 50_000)}x${deep.slice(50_000)}`)).to.match(/^an unexpected character at line 1, column 50001$/);
    expect(jsonSyntaxMessage(deep.slice(0, -1))).to.be.a('string');
  });
});
