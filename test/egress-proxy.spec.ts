import { expect } from 'chai';
import { RelayflowError } from '@relayflow/core';
import { testCertificates } from './support/certificates';
import { closeEgressClients, egressClient, rejection } from './support/egress';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

const viaProxy = (hostname: string): string | undefined => (hostname.endsWith('.relayflow.test') ? '127.0.0.1' : undefined);

describe('EgressHttpClient proxy', function () {
  this.timeout(30_000);
  const certs = testCertificates();
  let plain: TestServer;
  let secure: TestServer;
  let proxy: ForwardProxy;

  beforeEach(async () => {
    const reply = (req: { path: string; clientCertCN?: string; headers: Record<string, unknown> }, res: Parameters<typeof sendJson>[0]) =>
      sendJson(res, 200, { path: req.path, client: req.clientCertCN ?? null, proxyAuth: req.headers['proxy-authorization'] ?? null });
    plain = await startTestServer(reply);
    secure = await startTestServer(reply, { tls: { ...certs.server, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: false } });
    proxy = await startForwardProxy({ resolve: viaProxy });
  });

  afterEach(async () => {
    closeEgressClients();
    await Promise.all([plain.close(), secure.close(), proxy.close()]);
  });

  it('sends plain HTTP through the proxy as an absolute-URI request', async () => {
    const http = egressClient({ proxyUrl: proxy.url, proxyHeaders: { 'X-Proxy-Team': 'secops' } });
    const res = await http.request({ url: `http://api.relayflow.test:${plain.port}/p?q=1` });
    expect(res.data).to.deep.include({ path: '/p' });
    expect(proxy.requests).to.have.length(1);
    expect(proxy.requests[0]).to.include({ method: 'GET', target: `api.relayflow.test:${plain.port}` });
    expect(proxy.requests[0].headers['x-proxy-team']).to.equal('secops');
  });

  it('tunnels HTTPS with CONNECT and applies the target\'s TLS settings and client certificate inside the tunnel', async () => {
    const http = egressClient({ proxyUrl: proxy.url });
    const res = await http.request({ url: `https://localhost:${secure.port}/s`, tls: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key } });
    expect(res.data).to.deep.include({ path: '/s', client: 'relayflow-test-client' });
    expect(proxy.requests.map((r) => `${r.method} ${r.target}`)).to.deep.equal([`CONNECT localhost:${secure.port}`]);
    await rejection(http.request({ url: `https://localhost:${secure.port}/untrusted` }), 'TLS_ERROR');
  });

  it('authenticates to the proxy with the credentials in proxyUrl, never forwarding them to the target', async () => {
    await proxy.close();
    proxy = await startForwardProxy({ resolve: viaProxy, requireAuth: `Basic ${Buffer.from('proxy-user:proxy-pass').toString('base64')}` });
    const http = egressClient({ proxyUrl: `http://proxy-user:proxy-pass@127.0.0.1:${proxy.port}` });
    const res = await http.request({ url: `http://api.relayflow.test:${plain.port}/auth` });
    expect(res.data).to.deep.equal({ path: '/auth', client: null, proxyAuth: null });
    const tunnelled = await http.request({ url: `https://localhost:${secure.port}/auth`, tls: { ca: certs.ca.cert } });
    expect(tunnelled.status).to.equal(200);

    const wrong = egressClient({ proxyUrl: `http://proxy-user:nope-secret@127.0.0.1:${proxy.port}` });
    const refused = await wrong.request({ url: `http://api.relayflow.test:${plain.port}/auth` });
    expect(refused.status).to.equal(407);
    // https-proxy-agent hands a refused CONNECT back as the proxy's own response.
    const refusedTunnel = await wrong.request({ url: `https://localhost:${secure.port}/auth`, tls: { ca: certs.ca.cert } });
    expect(refusedTunnel.status).to.equal(407);
    expect(JSON.stringify(refusedTunnel)).not.to.contain('nope-secret');
  });

  it('goes direct for proxyBypassHosts (wildcards allowed)', async () => {
    const http = egressClient({ proxyUrl: proxy.url, proxyBypassHosts: ['127.0.0.1', '*.internal.test'] });
    expect((await http.request({ url: `${plain.url}/direct` })).status).to.equal(200);
    expect(proxy.requests).to.have.length(0);
    expect((await http.request({ url: `http://api.relayflow.test:${plain.port}/proxied` })).status).to.equal(200);
    expect(proxy.requests.map((r) => r.target)).to.deep.equal([`api.relayflow.test:${plain.port}`]);
    expect(plain.requests.map((r) => r.path)).to.deep.equal(['/direct', '/proxied']);
  });

  it('uses the proxy only for proxyOnlyHosts when they are set', async () => {
    const http = egressClient({ proxyUrl: proxy.url, proxyOnlyHosts: ['*.relayflow.test'] });
    await http.request({ url: `${plain.url}/direct` });
    await http.request({ url: `http://api.relayflow.test:${plain.port}/proxied` });
    expect(proxy.requests.map((r) => r.target)).to.deep.equal([`api.relayflow.test:${plain.port}`]);
  });

  it('re-decides the route on every redirect hop', async () => {
    plain.handle((req, res) => {
      if (req.path === '/hop') {
        res.writeHead(302, { location: `http://api.relayflow.test:${plain.port}/landed` });
        res.end();
      } else sendJson(res, 200, { path: req.path });
    });
    const http = egressClient({ proxyUrl: proxy.url, proxyBypassHosts: ['127.0.0.1'] });
    const res = await http.request({ url: `${plain.url}/hop` });
    expect(res.data).to.deep.equal({ path: '/landed' });
    expect(proxy.requests.map((r) => r.target)).to.deep.equal([`api.relayflow.test:${plain.port}`]);
  });

  it('refuses proxyBypassHosts together with proxyOnlyHosts when the config is loaded', () => {
    let caught: unknown;
    try {
      egressClient({ proxyUrl: proxy.url, proxyBypassHosts: ['a'], proxyOnlyHosts: ['b'] });
    } catch (err) {
      caught = err;
    }
    expect(RelayflowError.is(caught) && caught.code).to.equal('CONFIG_INVALID');
    const problems = (caught as RelayflowError).problems;
    expect(problems).to.have.length(1);
    expect(problems[0].path).to.equal('networking.proxyOnlyHosts');
    expect(problems[0].message).to.contain('cannot be used together with proxyBypassHosts');
  });
});
