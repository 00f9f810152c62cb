import { expect } from 'chai';
import { isOrdinaryWord, redact, redactOwnText, redactText, secretValuesOf } from './redaction';

describe('redaction', () => {
  describe('secretValuesOf', () => {
    it('includes every secret string with its encoded forms, longest first', () => {
      const values = secretValuesOf({ token: 'a b/c"d-123', nested: { list: ['second-secret'] }, short: 'abc' });
      expect(values).to.include.members(['a b/c"d-123', encodeURIComponent('a b/c"d-123'), 'a b/c\\"d-123', 'second-secret']);
      expect(values).to.not.include('abc');
      expect([...values].sort((a, b) => b.length - a.length)).to.deep.equal(values);
    });

    it('includes the credentials inside a secret URL, their Basic form, and HTML-escaped and double-URL-encoded forms', () => {
      const values = secretValuesOf({ webhookUrl: 'https://hook-user:p%40ss%26word@hooks.example.com/T0/B0/x1?a=1&b=2' });
      expect(values).to.include.members([
        'p%40ss%26word', 'p@ss&word', 'hook-user:p@ss&word', Buffer.from('hook-user:p@ss&word').toString('base64'),
        'p@ss&amp;word', '/T0/B0/x1?a=1&amp;b=2', encodeURIComponent(encodeURIComponent('/T0/B0/x1?a=1&b=2')),
      ]);
      expect(redactText('token=aHR0cHM6 <a href="/T0/B0/x1?a=1&#x27;">p@ss&amp;word</a>', values)).to.equal('token=aHR0cHM6 <a href="/T0/B0/x1?a=1&#x27;">[REDACTED]</a>');
      expect(secretValuesOf({ url: 'https://tok3n-only-user@api.example.com/' })).to.include('tok3n-only-user');
      expect(secretValuesOf({ token: `it's "quoted" <x> & more` })).to.include.members(['it&#39;s &quot;quoted&quot; &lt;x&gt; &amp; more', 'it&#x27;s &quot;quoted&quot; &lt;x&gt; &amp; more']);
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

  describe('an excerpt cut inside a secret', () => {
    it('replaces the start of a secret left right before the … of a cut', () => {
      const secrets = secretValuesOf({ token: 'Zq7vK2pX9mW4nR8sT1' });
      expect(redactText('service said: xxxx Zq7vK2…', secrets)).to.equal('service said: xxxx [REDACTED]…');
      expect(redactText('"Zq7v…" and "xZq7…"', secrets)).to.equal('"[REDACTED]…" and "x[REDACTED]…"');
      // Two characters are too few to tell from ordinary text; text without a cut is left alone.
      expect(redactText('Zq… Zq7v', secrets)).to.equal('Zq… Zq7v');
      expect(redactOwnText('own message: Zq7vK…', secrets)).to.equal('own message: [REDACTED]…');
    });

    it('leaves the start of an ordinary-word secret in Relayflow\'s own text (it is a word there)', () => {
      expect(redactOwnText('the passw…', secretValuesOf({ password: 'password' }))).to.equal('the passw…');
      expect(redactText('the passw…', secretValuesOf({ password: 'password' }))).to.equal('the [REDACTED]…');
    });
  });

  describe('isOrdinaryWord', () => {
    it('is true for one word of 4 to 16 letters only', () => {
      for (const word of ['password', 'Secret', 'changeme', 'token', 'letmein']) expect(isOrdinaryWord(word), word).to.equal(true);
      for (const other of ['pa55word', 'api-key', 'two words', 'abc', 'averyveryverylongsecretword', 'xoxb-123', '']) expect(isOrdinaryWord(other), other).to.equal(false);
    });
  });

  describe('redactOwnText', () => {
    const secrets = secretValuesOf({ password: 'password', token: 'tok-9f8e7d' });

    it('keeps Relayflow\'s own words when a secret is an ordinary word, and still replaces other secrets', () => {
      expect(redactOwnText('secrets.password: is set but authType is basic (token tok-9f8e7d)', secrets))
        .to.equal('secrets.password: is set but authType is basic (token [REDACTED])');
    });

    it('replaces an ordinary-word secret when the outside data it may quote holds it', () => {
      expect(redactOwnText('failed: 401 — {"error":"bad password"}', secrets, '{"error":"bad password"}')).to.equal('failed: 401 — {"error":"bad [REDACTED]"}');
      let asked = 0;
      expect(redactOwnText('no secret here', secrets, () => { asked++; return 'password'; })).to.equal('no secret here');
      expect(asked).to.equal(0);
    });

    it('leaves redactText as it was: every occurrence, data from outside', () => {
      expect(redactText('secrets.password', secrets)).to.equal('secrets.[REDACTED]');
    });
  });
});
