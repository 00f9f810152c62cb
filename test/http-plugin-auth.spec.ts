import { expect } from 'chai';
import { definePlugin, OAuth2TokenCache } from '@relayflow/sdk';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import { createHttpConnectorType, HttpConfig, HttpParams, HttpSecrets } from '@relayflow/plugin-http';
import { testCertificates } from './support/certificates';
import { failed, okOutput } from './support/http-results';
import { closeEgressClients, egressClient } from './support/egress';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');


/** An http plugin whose OAuth2 token cache reads a clock the test moves. */
function pluginWithClock(clock: { now: number }) {
  return definePlugin({
    id: 'relayflow-http-test-clock',
    sdk: '^1.0.0',
    setup({ registerConnectorType }) {
      registerConnectorType(createHttpConnectorType(new OAuth2TokenCache({ now: () => clock.now })));
    },
  });
}

describe('http plugin auth', function () {
  this.timeout(30_000);
  const certs = testCertificates();
  const clock = { now: Date.now() };
  let api: StandIn;
  let idp: StandIn;
  let mtls: TestServer;
  let rf: TestRelayflow;
  let issued = 0;
  let valid = new Set<string>();

  before(async () => {
    api = await startStandIn((req) => {
      const auth = String(req.headers.authorization ?? '');
      if (req.path.startsWith('/oauth/')) {
        return valid.has(auth) ? { status: 200, body: { seen: auth } } : { status: 401, body: { error: 'invalid_token' } };
      }
      return { status: 200, body: { authorization: auth || null, apiKey: req.headers['x-api-key'] ?? null } };
    });
    idp = await startStandIn({
      'POST /token': (req) => {
        const form = new URLSearchParams(req.body);
        if (form.get('client_secret') !== 'client-s3cret') return { status: 401, body: { error: 'invalid_client' } };
        issued++;
        const token = `tok-${issued}-${form.get('scope')}-${form.get('audience')}`;
        valid.add(`Bearer ${token}`);
        return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 600 } };
      },
    });
    mtls = await startTestServer((req, res) => sendJson(res, 200, { client: req.clientCertCN ?? null }), {
      tls: { ...certs.server, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true },
    });
    rf = await createTestRelayflow({
      plugins: [pluginWithClock(clock)],
      config: { networking: { allowedHosts: ['127.0.0.1', 'localhost'] } },
      connectors: [
        { type: 'http', name: 'bearer-api', config: { url: api.url }, secrets: { token: 'bearer-t0ken-value' } },
        { type: 'http', name: 'key-api', config: { url: api.url, hasAuth: false }, secrets: { secretHeaders: { 'X-Api-Key': 'key-v4lue-123' }, user: 'unused-user', password: 'unused-pass' } },
        { type: 'http', name: 'mtls-pem', config: { url: mtls.url, authType: 'ssl', certType: 'ssl-crt-key', ca: b64(certs.ca.cert) }, secrets: { crt: certs.client.cert, key: b64(certs.client.key) } },
        { type: 'http', name: 'mtls-pfx', config: { url: mtls.url, authType: 'webhook-authentication-ssl', certType: 'ssl-pfx', ca: certs.ca.cert, verificationMode: 'full' }, secrets: { pfx: b64(certs.clientPfx), password: certs.pfxPassphrase } },
        {
          type: 'http', name: 'mtls-encrypted-key', config: { url: mtls.url, authType: 'ssl', certType: 'ssl-crt-key', ca: certs.ca.cert },
          secrets: { crt: b64(certs.client.cert), key: certs.clientEncryptedKey.pkcs8, password: certs.keyPassphrase },
        },
        {
          type: 'http', name: 'mtls-encrypted-legacy-key', config: { url: mtls.url, authType: 'webhook-authentication-ssl', ca: certs.ca.cert },
          secrets: { crt: certs.client.cert, key: b64(certs.clientEncryptedKey.traditional), password: certs.keyPassphrase },
        },
        {
          type: 'http', name: 'mtls-encrypted-key-wrong-password', config: { url: mtls.url, authType: 'ssl', ca: certs.ca.cert },
          secrets: { crt: certs.client.cert, key: certs.clientEncryptedKey.pkcs8, password: 'not-the-key-pass-77' },
        },
        { type: 'http', name: 'mtls-no-cert', config: { url: mtls.url, ca: certs.ca.cert }, secrets: {} },
        {
          type: 'http', name: 'oauth-api',
          config: { url: `${api.url}/oauth`, authType: 'oauth2', accessTokenUrl: `${idp.url}/token`, clientId: 'relayflow', scope: 'alerts.write', additionalFields: '{"audience":"soc"}' },
          secrets: { clientSecret: 'client-s3cret' },
        },
        {
          type: 'http', name: 'oauth-bad-secret',
          config: { url: `${api.url}/oauth`, accessTokenUrl: `${idp.url}/token`, clientId: 'relayflow' },
          secrets: { clientSecret: 'wrong-s3cret' },
        },
      ],
    });
  });

  after(async () => {
    await rf.stop();
    await Promise.all([api.close(), idp.close(), mtls.close()]);
  });

  const run = (connector: string, params: Record<string, unknown> = {}) => rf.runAction({ type: 'http', connector, params });

  it('sends a bearer token and never returns it', async () => {
    const out = okOutput(await run('bearer-api'));
    expect(api.requests.at(-1)!.headers.authorization).to.equal('Bearer bearer-t0ken-value');
    expect(JSON.stringify(out)).not.to.contain('bearer-t0ken-value');
  });

  it('sends secret headers with hasAuth false (no basic auth), redacted from the output', async () => {
    const out = okOutput(await run('key-api'));
    const seen = api.requests.at(-1)!.headers;
    expect(seen['x-api-key']).to.equal('key-v4lue-123');
    expect(seen).not.to.have.property('authorization');
    expect(out.data).to.deep.equal({ authorization: null, apiKey: '[REDACTED]' });
  });

  describe('SSL client certificate', () => {
    it('presents crt + key (PEM or base64) and trusts the connector\'s ca', async () => {
      expect(okOutput(await run('mtls-pem')).data).to.deep.equal({ client: 'relayflow-test-client' });
    });

    it('presents a pfx opened with the password', async () => {
      expect(okOutput(await run('mtls-pfx')).data).to.deep.equal({ client: 'relayflow-test-client' });
    });

    it('presents crt + an encrypted key (PKCS#8 or OpenSSL\'s traditional form) opened with the password', async () => {
      const before = mtls.requests.length;
      expect(okOutput(await run('mtls-encrypted-key')).data).to.deep.equal({ client: 'relayflow-test-client' });
      expect(okOutput(await run('mtls-encrypted-legacy-key')).data).to.deep.equal({ client: 'relayflow-test-client' });
      expect(mtls.requests.length - before).to.equal(2);
    });

    it('fails cleanly, sending nothing and never repeating it, when the key\'s password is wrong', async () => {
      const before = mtls.requests.length;
      const err = failed(await run('mtls-encrypted-key-wrong-password'));
      expect(err.message).to.contain('cannot use the client certificate').and.contain('wrong passphrase');
      expect(JSON.stringify(err)).not.to.contain('not-the-key-pass-77');
      expect(mtls.requests.length).to.equal(before);
    });

    it('fails as a TLS error, not retried, when the server wants a certificate and none is set', async () => {
      const err = failed(await run('mtls-no-cert'));
      expect(err.message).to.contain('requires a client certificate');
      expect(err.retry).to.equal(false);
      expect(err.details).to.include({ code: 'TLS_ERROR' });
    });

    it('refuses a crt without its key when the connector is created', async () => {
      let caught: unknown;
      try {
        await rf.relayflow.connectors.create({ type: 'http', name: 'half-cert', config: { url: mtls.url }, secrets: { crt: certs.client.cert } });
      } catch (err) {
        caught = err;
      }
      expect(String((caught as Error)?.message)).to.contain('secrets.key').and.not.contain('BEGIN');
    });
  });

  describe('OAuth2 client credentials', () => {
    beforeEach(() => {
      idp.requests.length = 0;
      issued = 0;
      valid = new Set();
    });

    it('gets a token from accessTokenUrl (client id, secret, scope, extra fields) and caches it until it expires', async () => {
      const first = okOutput(await run('oauth-api', { path: 'a' }));
      expect(first.data).to.deep.equal({ seen: 'Bearer [REDACTED]' });
      expect(idp.requests).to.have.length(1);
      const form = new URLSearchParams(idp.requests[0].body);
      expect(Object.fromEntries(form)).to.deep.equal({
        grant_type: 'client_credentials', client_id: 'relayflow', client_secret: 'client-s3cret', scope: 'alerts.write', audience: 'soc',
      });
      expect(idp.requests[0].headers['content-type']).to.contain('application/x-www-form-urlencoded');
      await run('oauth-api', { path: 'b' });
      await run('oauth-api', { path: 'c' });
      expect(idp.requests).to.have.length(1);
      expect(api.requests.slice(-3).map((r) => r.headers.authorization)).to.deep.equal(Array(3).fill('Bearer tok-1-alerts.write-soc'));

      clock.now += 600_000;
      await run('oauth-api', { path: 'd' });
      expect(idp.requests).to.have.length(2);
      expect(api.requests.at(-1)!.headers.authorization).to.equal('Bearer tok-2-alerts.write-soc');
    });

    it('shares one token request between concurrent steps', async () => {
      clock.now += 3_600_000;
      const results = await Promise.all([1, 2, 3, 4].map((i) => run('oauth-api', { path: `p${i}` })));
      results.forEach((r) => okOutput(r));
      expect(idp.requests).to.have.length(1);
    });

    it('refreshes the token once when the service answers 401, then retries', async () => {
      await run('oauth-api', { path: 'warm' });
      valid.clear(); // the service revokes every token it knew
      const out = okOutput(await run('oauth-api', { path: 'after-revoke' }));
      expect(out.status).to.equal(200);
      expect(idp.requests).to.have.length(2);
      const calls = api.requests.slice(-2).map((r) => r.headers.authorization);
      expect(calls).to.deep.equal(['Bearer tok-1-alerts.write-soc', 'Bearer tok-2-alerts.write-soc']);
    });

    it('gives up after one refresh: a second 401 is the step\'s error', async () => {
      api.handle((req) => (req.path.startsWith('/oauth/') ? { status: 401, body: { error: 'nope' } } : { status: 200, body: {} }));
      clock.now += 3_600_000;
      try {
        const err = failed(await run('oauth-api', { path: 'never' }));
        expect(err.details).to.deep.include({ status: 401 });
        expect(idp.requests).to.have.length(2);
        expect(api.requests.slice(-2).map((r) => r.headers.authorization)).to.deep.equal(['Bearer tok-1-alerts.write-soc', 'Bearer tok-2-alerts.write-soc']);
      } finally {
        api.handle((req) => {
          const auth = String(req.headers.authorization ?? '');
          if (req.path.startsWith('/oauth/')) return valid.has(auth) ? { status: 200, body: { seen: auth } } : { status: 401, body: { error: 'invalid_token' } };
          return { status: 200, body: { authorization: auth || null, apiKey: req.headers['x-api-key'] ?? null } };
        });
      }
    });

    it('fails with the token endpoint\'s answer, never the client secret', async () => {
      const before = api.requests.length;
      const err = failed(await run('oauth-bad-secret'));
      expect(err.message).to.contain('error getting an OAuth2 access token').and.contain('401');
      expect(JSON.stringify(err)).not.to.contain('wrong-s3cret');
      expect(api.requests.length).to.equal(before);
    });

    it('sends the token request through the egress policy', async () => {
      const type = createHttpConnectorType(new OAuth2TokenCache());
      const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
      const config = Object.assign(new HttpConfig(), { url: api.url, accessTokenUrl: `http://localhost:${idp.port}/token`, clientId: 'relayflow' });
      try {
        const result = await type.actions.request.execute({
          params: Object.assign(new HttpParams(), { method: 'GET' }),
          config, secrets: Object.assign(new HttpSecrets(), { clientSecret: 'client-s3cret' }),
          connector: { id: 'c-1', name: 'oauth-elsewhere', type: 'http', isPreconfigured: false },
          http: egressClient({ allowedHosts: ['127.0.0.1'] }), signal: new AbortController().signal, logger: quiet,
          executionId: 'e-1', stepId: 'steps[0]', attempt: 1, idempotencyKey: 'k-1',
        });
        const err = failed(result);
        expect(err.message).to.contain('error getting an OAuth2 access token').and.contain('networking.allowedHosts');
        expect(err.details).to.deep.include({ code: 'HOST_NOT_ALLOWED' });
        expect(idp.requests).to.have.length(0);
      } finally {
        closeEgressClients();
      }
    });
  });
});
