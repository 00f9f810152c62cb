import { expect } from 'chai';
import { redact, redactText, secretValuesOf } from './redaction';

describe('redaction', () => {
  describe('secretValuesOf', () => {
    it('includes every secret string with its encoded forms, longest first', () => {
      const values = secretValuesOf({ token: 'a b/c"d-123', nested: { list: ['second-secret'] }, short: 'abc' });
      expect(values).to.include.members(['a b/c"d-123', encodeURIComponent('a b/c"d-123'), 'a b/c\\"d-123', 'second-secret']);
      expect(values).to.not.include('abc');
      expect([...values].sort((a, b) => b.length - a.length)).to.deep.equal(values);
    });

    it('includes Basic auth pairs and the path and query of URL-valued secrets', () => {
      const values = secretValuesOf({ user: 'u', password: 'pw-12345', webhookUrl: 'https://hooks.example.com/services/T0/B0/XYZ?sig=abc' });
      expect(values).to.include(Buffer.from('u:pw-12345').toString('base64'));
      expect(values).to.include('/services/T0/B0/XYZ?sig=abc');
    });
  });

  it('replaces secrets in text, deeply in values, and in object keys', () => {
    const secrets = secretValuesOf({ token: 'tok-secret-1' });
    expect(redactText('Bearer tok-secret-1', secrets)).to.equal('Bearer [REDACTED]');
    expect(redact({ a: ['x tok-secret-1'], 'tok-secret-1': 1, d: new Date(0) }, secrets)).to.deep.equal({ a: ['x [REDACTED]'], '[REDACTED]': 1, d: new Date(0) });
    const untouched = { a: 1 };
    expect(redact(untouched, secrets)).to.equal(untouched);
  });
});
