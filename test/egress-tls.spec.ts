import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RelayflowError } from '@relayflow/core';
import { testCertificates } from './support/certificates';
import { closeEgressClients, egressClient, rejection } from './support/egress';
import { tempDir } from './support/temp-dir';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

describe('EgressHttpClient TLS', function () {
  this.timeout(30_000);
  const certs = testCertificates();
  let server: TestServer;
  let wrongHost: TestServer;
  let selfSigned: TestServer;
  let mtls: TestServer;

  before(async () => {
    const reply = (name: string) => (req: { clientCertCN?: string }, res: Parameters<typeof sendJson>[0]) => sendJson(res, 200, { server: name, client: req.clientCertCN ?? null });
    server = await startTestServer(reply('ca-signed'), { tls: certs.server });
    wrongHost = await startTestServer(reply('wrong-host'), { tls: certs.wrongHost });
    selfSigned = await startTestServer(reply('self-signed'), { tls: certs.selfSigned });
    mtls = await startTestServer(reply('mtls'), { tls: { ...certs.server, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true } });
  });

  afterEach(() => closeEgressClients());

  after(async () => {
    await Promise.all([server.close(), wrongHost.close(), selfSigned.close(), mtls.close()]);
  });

  describe('verificationMode full (the default)', () => {
    it('refuses a server whose CA it does not trust, saying which settings to use', async () => {
      const err = await rejection(egressClient().request({ url: server.url }), 'TLS_ERROR');
      expect(err.message).to.contain(`127.0.0.1:${server.port}`).and.contain('certificateAuthoritiesFiles').and.contain('verificationMode');
      expect(server.requests).to.have.length(0);
    });

    it('trusts a CA from a customHostSettings file (relative to the config directory) for that host only', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'ca.pem'), certs.ca.cert);
      const http = egressClient({ customHostSettings: [{ url: `https://localhost:${server.port}`, ssl: { certificateAuthoritiesFiles: ['ca.pem'] } }] }, dir);
      const res = await http.request({ url: `https://localhost:${server.port}/` });
      expect(res.data).to.deep.equal({ server: 'ca-signed', client: null });
      // The same server, whose certificate is also valid for 127.0.0.1, under a host the setting
      // does not name: the CA is not trusted there, so the chain (not the name) is refused.
      const served = server.requests.length;
      const err = await rejection(http.request({ url: `https://127.0.0.1:${server.port}/` }), 'TLS_ERROR');
      expect(err.message).to.match(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN/);
      expect(err.message).not.to.match(/altname|hostname|ERR_TLS_CERT_ALTNAME_INVALID/i);
      expect(server.requests).to.have.length(served);
      // With the CA trusted for that host too, the same request succeeds: only trust was missing.
      const both = egressClient({ customHostSettings: [{ url: `https://127.0.0.1:${server.port}`, ssl: { certificateAuthoritiesFiles: ['ca.pem'] } }] }, dir);
      expect((await both.request({ url: `https://127.0.0.1:${server.port}/` })).status).to.equal(200);
    });

    it('trusts a CA given globally as data, or by the request (a connector\'s ca)', async () => {
      const global = egressClient({ ssl: { verificationMode: 'full', certificateAuthoritiesData: certs.ca.cert } });
      expect((await global.request({ url: server.url })).status).to.equal(200);
      const perRequest = egressClient();
      expect((await perRequest.request({ url: server.url, tls: { ca: certs.ca.cert } })).status).to.equal(200);
    });

    it('checks the hostname: a trusted certificate for another name is refused', async () => {
      const err = await rejection(egressClient().request({ url: wrongHost.url, tls: { ca: certs.ca.cert } }), 'TLS_ERROR');
      expect(err.message).to.match(/altnames|hostname/i);
    });

    it('fails with CONFIG_INVALID when a CA file cannot be read', () => {
      expect(() => egressClient({ ssl: { certificateAuthoritiesFiles: ['/nonexistent/ca.pem'] } })).to.throw(RelayflowError, /networking\.ssl\.certificateAuthoritiesFiles\[0\].*no such file/);
    });
  });

  describe('verificationMode certificate', () => {
    it('checks the chain but not the hostname', async () => {
      const http = egressClient({ ssl: { verificationMode: 'certificate', certificateAuthoritiesData: certs.ca.cert } });
      expect((await http.request({ url: wrongHost.url })).data).to.deep.include({ server: 'wrong-host' });
      await rejection(http.request({ url: selfSigned.url }), 'TLS_ERROR');
    });

    it('can be set per host by customHostSettings', async () => {
      const http = egressClient({
        ssl: { certificateAuthoritiesData: certs.ca.cert },
        customHostSettings: [{ url: `https://127.0.0.1:${wrongHost.port}`, ssl: { verificationMode: 'certificate' } }],
      });
      expect((await http.request({ url: wrongHost.url })).status).to.equal(200);
    });
  });

  describe('verificationMode none', () => {
    it('accepts any certificate, globally, per host or per request', async () => {
      expect((await egressClient({ ssl: { verificationMode: 'none' } }).request({ url: selfSigned.url })).status).to.equal(200);
      const perHost = egressClient({ customHostSettings: [{ url: `https://127.0.0.1:${selfSigned.port}`, ssl: { verificationMode: 'none' } }] });
      expect((await perHost.request({ url: selfSigned.url })).status).to.equal(200);
      await rejection(perHost.request({ url: wrongHost.url }), 'TLS_ERROR');
      expect((await egressClient().request({ url: wrongHost.url, tls: { verificationMode: 'none' } })).status).to.equal(200);
    });
  });

  describe('client certificates (mutual TLS)', () => {
    it('is refused by the server without one', async () => {
      const err = await rejection(egressClient().request({ url: mtls.url, tls: { ca: certs.ca.cert } }), 'TLS_ERROR');
      expect(err.message).to.contain('requires a client certificate');
      expect(mtls.requests).to.have.length(0);
    });

    it('presents a PEM certificate and key', async () => {
      const res = await egressClient().request({ url: mtls.url, tls: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key } });
      expect(res.data).to.deep.equal({ server: 'mtls', client: 'relayflow-test-client' });
    });

    it('presents a PKCS#12 bundle with its passphrase', async () => {
      const res = await egressClient().request({ url: mtls.url, tls: { ca: certs.ca.cert, pfx: certs.clientPfx, passphrase: certs.pfxPassphrase } });
      expect(res.data).to.deep.equal({ server: 'mtls', client: 'relayflow-test-client' });
    });

    it('presents a PEM certificate with an encrypted key and its passphrase', async () => {
      for (const key of [certs.clientEncryptedKey.pkcs8, certs.clientEncryptedKey.traditional]) {
        const res = await egressClient().request({ url: mtls.url, tls: { ca: certs.ca.cert, cert: certs.client.cert, key, passphrase: certs.keyPassphrase } });
        expect(res.data).to.deep.equal({ server: 'mtls', client: 'relayflow-test-client' });
      }
      const err = await rejection(egressClient().request({ url: mtls.url, tls: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.clientEncryptedKey.pkcs8 } }), 'TLS_ERROR');
      expect(err.message).to.contain('cannot use the client certificate');
    });

    it('fails cleanly with a wrong passphrase, without repeating it', async () => {
      const err = await rejection(egressClient().request({ url: mtls.url, tls: { ca: certs.ca.cert, pfx: certs.clientPfx, passphrase: 'wrong-passphrase-xyz' } }), 'TLS_ERROR');
      expect(err.message).to.contain('cannot use the client certificate').and.not.contain('wrong-passphrase-xyz');
      expect(JSON.stringify(err.details)).not.to.contain('wrong-passphrase-xyz');
    });
  });

  describe('agents', () => {
    it('reuses one keep-alive connection for requests with the same settings', async () => {
      const before = mtls.connections;
      const http = egressClient();
      const tls = { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key };
      for (let i = 0; i < 5; i++) await http.request({ url: mtls.url, tls });
      await http.request({ url: mtls.url, tls: { ...tls } });
      expect(mtls.connections - before).to.equal(1);
    });

    it('keeps requests with different client certificates apart', async () => {
      const http = egressClient();
      const withCert = await http.request({ url: mtls.url, tls: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key } });
      expect(withCert.status).to.equal(200);
      await rejection(http.request({ url: mtls.url, tls: { ca: certs.ca.cert } }), 'TLS_ERROR');
    });

    it('opens a new connection per request when keepAlive is false', async () => {
      const before = server.connections;
      const http = egressClient({ ssl: { certificateAuthoritiesData: certs.ca.cert } });
      for (let i = 0; i < 3; i++) await http.request({ url: server.url, keepAlive: false });
      expect(server.connections - before).to.equal(3);
    });
  });
});
