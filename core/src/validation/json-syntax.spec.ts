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
});
