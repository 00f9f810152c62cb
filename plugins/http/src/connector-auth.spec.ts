import { expect } from 'chai';
import type { ConnectorValidationTools } from '@relayflow/sdk';
import { authKind, pemText, prepareConnector, validateHttpConnector } from './connector-auth';
import { HttpConfig, HttpSecrets } from './schemas';

const config = (c: Partial<HttpConfig>): HttpConfig => Object.assign(new HttpConfig(), { url: 'https://api.example', ...c });
const secrets = (s: Partial<HttpSecrets>): HttpSecrets => Object.assign(new HttpSecrets(), s);
const tools: ConnectorValidationTools = { checkUrl: (url) => (url.includes('blocked') ? `host "blocked" is not allowed by networking.allowedHosts` : undefined) };

describe('http connector auth', () => {
  describe('authKind', () => {
    it('follows authType (short and Kibana names) and hasAuth', () => {
      expect(authKind(config({ authType: 'webhook-authentication-basic' }), secrets({}))).to.equal('basic');
      expect(authKind(config({ authType: 'webhook-oauth2-client-credentials' }), secrets({}))).to.equal('oauth2');
      expect(authKind(config({ authType: 'bearer' }), secrets({ user: 'u', password: 'p' }))).to.equal('bearer');
      expect(authKind(config({ hasAuth: false }), secrets({ user: 'u', password: 'p' }))).to.equal('none');
    });

    it('infers the method from the secrets when authType is not set', () => {
      expect(authKind(config({ accessTokenUrl: 'https://idp' }), secrets({ clientSecret: 's' }))).to.equal('oauth2');
      expect(authKind(config({}), secrets({ pfx: 'AAAA' }))).to.equal('ssl');
      expect(authKind(config({}), secrets({ crt: 'c', key: 'k', password: 'p' }))).to.equal('ssl');
      expect(authKind(config({}), secrets({ token: 't' }))).to.equal('bearer');
      expect(authKind(config({}), secrets({ user: 'u', password: 'p' }))).to.equal('basic');
      expect(authKind(config({}), secrets({ secretHeaders: { 'X-Key': 'k' } }))).to.equal('none');
    });
  });

  describe('prepareConnector', () => {
    it('builds headers as config < secret headers < auth, and lists the sensitive ones', () => {
      const prepared = prepareConnector(config({ headers: { 'X-Key': 'config', Accept: 'application/json' } }), secrets({ user: 'abc', password: '123', secretHeaders: { 'x-key': 'secret' } }));
      expect(prepared.headers).to.deep.equal({ Accept: 'application/json', 'x-key': 'secret', Authorization: 'Basic YWJjOjEyMw==' });
      expect(prepared.sensitiveHeaders).to.deep.equal(['authorization', 'x-key']);
    });

    it('reuses one prepared object (and TLS options object) per secrets object', () => {
      const s = secrets({ crt: 'C', key: 'K', password: 'pass' });
      const a = prepareConnector(config({ verificationMode: 'certificate' }), s);
      expect(prepareConnector(config({}), s)).to.equal(a);
      expect(a.tls).to.deep.equal({ verificationMode: 'certificate', cert: 'C', key: 'K', passphrase: 'pass' });
      expect(a.tlsSkipVerify.verificationMode).to.equal('none');
      expect(a.tlsWithoutCertificate).to.deep.equal({ verificationMode: 'certificate' });
    });

    it('prepares the OAuth2 token request once per connector version (additionalFields parsed)', () => {
      const s = secrets({ clientSecret: 'very-secret-value' });
      const prepared = prepareConnector(config({ accessTokenUrl: 'https://idp/token', clientId: 'cid', additionalFields: '{"audience":"api"}' }), s);
      expect(prepared.oauth2).to.deep.equal({ accessTokenUrl: 'https://idp/token', clientId: 'cid', clientSecret: 'very-secret-value', scope: undefined, additionalFields: { audience: 'api' } });
      expect(prepareConnector(config({ accessTokenUrl: 'https://idp/token', clientId: 'cid' }), s).oauth2).to.equal(prepared.oauth2);
    });
  });

  describe('pemText', () => {
    it('keeps PEM and decodes base64 of PEM', () => {
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      expect(pemText(pem)).to.equal(pem);
      expect(pemText(Buffer.from(pem).toString('base64'))).to.equal(pem);
    });
  });

  describe('validateHttpConnector', () => {
    const paths = (c: Partial<HttpConfig>, s: Partial<HttpSecrets>) => validateHttpConnector(config(c), secrets(s), tools).map((p) => p.path);

    it('accepts each complete auth method', () => {
      expect(paths({}, {})).to.deep.equal([]);
      expect(paths({}, { user: 'u', password: 'p' })).to.deep.equal([]);
      expect(paths({}, { token: 't' })).to.deep.equal([]);
      expect(paths({ certType: 'ssl-pfx' }, { pfx: 'AAAA', password: 'p' })).to.deep.equal([]);
      expect(paths({ authType: 'oauth2', accessTokenUrl: 'https://idp/t', clientId: 'c' }, { clientSecret: 's' })).to.deep.equal([]);
    });

    it('names the missing or contradictory field', () => {
      expect(paths({ authType: 'basic' }, { user: 'u' })).to.deep.equal(['secrets.password']);
      expect(paths({}, { crt: 'c' })).to.deep.equal(['secrets.key']);
      expect(paths({}, { pfx: 'p', crt: 'c', key: 'k' })).to.deep.equal(['secrets.pfx']);
      expect(paths({ authType: 'oauth2' }, {})).to.deep.equal(['config.accessTokenUrl', 'config.clientId', 'secrets.clientSecret']);
      expect(paths({ hasAuth: false, authType: 'basic' }, {})).to.deep.equal(['config.authType']);
      expect(paths({ ca: 'not a certificate' }, {})).to.deep.equal(['config.ca']);
      expect(paths({ url: 'https://blocked.example' }, {})).to.deep.equal(['config.url']);
    });

    it('never repeats a secret value', () => {
      const text = JSON.stringify(validateHttpConnector(config({ authType: 'basic' }), secrets({ user: 'only-user-secret-name' }), tools));
      expect(text).not.to.contain('only-user-secret-name');
    });
  });
});
