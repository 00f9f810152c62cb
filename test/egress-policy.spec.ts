import { expect } from 'chai';
import { lookup } from 'node:dns';
import { closeEgressClients, egressClient, rejection } from './support/egress';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

/** Names under this domain resolve to 127.0.0.1 at the test proxy only (as a proxy's DNS would). */
const TEST_DOMAIN = 'relayflow.test';
const proxyResolve = (hostname: string): string | undefined => (hostname === TEST_DOMAIN || hostname.endsWith(`.${TEST_DOMAIN}`) ? '127.0.0.1' : undefined);

describe('EgressHttpClient egress policy', () => {
  let a: TestServer;
  let b: TestServer;
  let proxy: ForwardProxy;

  beforeEach(async () => {
    a = await startTestServer((req, res) => sendJson(res, 200, { server: 'a', path: req.path }));
    b = await startTestServer((req, res) => sendJson(res, 200, { server: 'b', path: req.path }));
    proxy = await startForwardProxy({ resolve: proxyResolve });
  });

  afterEach(async () => {
    closeEgressClients();
    await Promise.all([a.close(), b.close(), proxy.close()]);
  });

  describe('allowedHosts', () => {
    it('sends to an exactly listed host and refuses any other, sending nothing', async () => {
      const http = egressClient({ allowedHosts: ['127.0.0.1'] });
      const res = await http.request({ url: `${a.url}/ok` });
      expect(res.status).to.equal(200);
      expect(res.data).to.deep.equal({ server: 'a', path: '/ok' });

      const err = await rejection(http.request({ url: `http://localhost:${b.port}/nope` }), 'HOST_NOT_ALLOWED');
      expect(err.message).to.contain(`"localhost:${b.port}"`).and.contain('networking.allowedHosts').and.contain('nothing was sent');
      expect(b.requests).to.have.length(0);
    });

    it('matches host:port entries on the port too', async () => {
      const http = egressClient({ allowedHosts: [`127.0.0.1:${a.port}`] });
      expect((await http.request({ url: a.url })).status).to.equal(200);
      const err = await rejection(http.request({ url: b.url }), 'HOST_NOT_ALLOWED');
      expect(err.message).to.contain(`"127.0.0.1:${b.port}"`);
      expect(b.requests).to.have.length(0);
    });

    it('lets "*.domain" match subdomains only, never the domain itself or an IP address', async () => {
      const http = egressClient({ allowedHosts: [`*.${TEST_DOMAIN}`], proxyUrl: proxy.url });
      const res = await http.request({ url: `http://api.${TEST_DOMAIN}:${a.port}/sub` });
      expect(res.data).to.deep.equal({ server: 'a', path: '/sub' });
      await rejection(http.request({ url: `http://${TEST_DOMAIN}:${a.port}/bare` }), 'HOST_NOT_ALLOWED');
      await rejection(http.request({ url: `http://evil.example:${a.port}/` }), 'HOST_NOT_ALLOWED');
      await rejection(http.request({ url: `${a.url}/ip` }), 'HOST_NOT_ALLOWED');
      expect(proxy.requests.map((r) => r.target)).to.deep.equal([`api.${TEST_DOMAIN}:${a.port}`]);
      expect(a.requests.map((r) => r.path)).to.deep.equal(['/sub']);
    });

    it('allows everything with "*"', async () => {
      const http = egressClient({ allowedHosts: ['*'] });
      expect((await http.request({ url: `http://localhost:${a.port}/` })).status).to.equal(200);
    });

    it('refuses an unparseable URL or another protocol', async () => {
      const http = egressClient();
      expect((await rejection(http.request({ url: 'not a url' }), 'HOST_NOT_ALLOWED')).message).to.contain('not a valid absolute URL');
      expect((await rejection(http.request({ url: 'ftp://127.0.0.1/x' }), 'HOST_NOT_ALLOWED')).message).to.contain('http or https');
    });

    it('checks the final URL, with query parameters applied, and keeps the query already there', async () => {
      const http = egressClient({ allowedHosts: ['127.0.0.1'] });
      await http.request({ url: `${a.url}/q?x=a%20b`, params: { y: 'c d', n: 2, skip: undefined } });
      expect(a.requests[0].url).to.equal('/q?x=a%20b&y=c%20d&n=2');
    });
  });

  describe('redirects', () => {
    it('refuses a redirect to a host that is not allowed, and nothing reaches that host', async () => {
      a.handle((_req, res) => {
        res.writeHead(302, { location: `http://localhost:${b.port}/stolen` });
        res.end();
      });
      const http = egressClient({ allowedHosts: ['127.0.0.1'] });
      const err = await rejection(http.request({ url: `${a.url}/start`, headers: { authorization: 'Bearer top-secret-token' } }), 'HOST_NOT_ALLOWED');
      expect(err.message).to.contain('redirect from 127.0.0.1').and.contain(`"localhost:${b.port}"`).and.contain('nothing was sent there');
      expect(err.message).not.to.contain('top-secret-token');
      expect(b.requests).to.have.length(0);
    });

    it('checks every hop, including a later one', async () => {
      a.handle((req, res) => {
        res.writeHead(307, { location: req.path === '/1' ? '/2' : `http://127.0.0.1:${b.port}/3` });
        res.end();
      });
      const http = egressClient({ allowedHosts: [`127.0.0.1:${a.port}`] });
      await rejection(http.request({ url: `${a.url}/1` }), 'HOST_NOT_ALLOWED');
      expect(a.requests.map((r) => r.path)).to.deep.equal(['/1', '/2']);
      expect(b.requests).to.have.length(0);
    });

    it('follows allowed redirects, turns a 303 into GET and drops credentials at another origin', async () => {
      a.handle((_req, res) => {
        res.writeHead(303, { location: `${b.url}/after` });
        res.end();
      });
      const http = egressClient();
      const res = await http.request({
        method: 'POST', url: `${a.url}/form`, data: { x: 1 },
        headers: { Authorization: 'Basic c2VjcmV0', 'X-Api-Key': 'k-123', 'X-Trace': 't-1' },
        sensitiveHeaders: ['x-api-key'],
      });
      expect(res.data).to.deep.equal({ server: 'b', path: '/after' });
      expect(a.requests[0].headers.authorization).to.equal('Basic c2VjcmV0');
      const hop = b.requests[0];
      expect(hop.method).to.equal('GET');
      expect(hop.body).to.equal('');
      expect(hop.headers).not.to.have.property('authorization');
      expect(hop.headers).not.to.have.property('x-api-key');
      expect(hop.headers).not.to.have.property('content-type');
      expect(hop.headers['x-trace']).to.equal('t-1');
    });

    it('keeps method, body and credentials on a same-origin 307', async () => {
      a.handle((req, res) => {
        if (req.path === '/old') {
          res.writeHead(307, { location: '/new' });
          res.end();
        } else sendJson(res, 201, { got: JSON.parse(req.body) });
      });
      const http = egressClient();
      const res = await http.request({ method: 'PUT', url: `${a.url}/old`, data: { v: 2 }, headers: { authorization: 'Bearer t' } });
      expect(res.status).to.equal(201);
      expect(res.data).to.deep.equal({ got: { v: 2 } });
      expect(a.requests[1]).to.include({ method: 'PUT', path: '/new' });
      expect(a.requests[1].headers.authorization).to.equal('Bearer t');
    });

    it('never re-sends a body to another origin: a cross-origin 307/308 is returned, not followed', async () => {
      a.handle((_req, res) => {
        res.writeHead(307, { location: `${b.url}/token` });
        res.end();
      });
      const http = egressClient();
      const res = await http.request({ method: 'POST', url: `${a.url}/token`, data: 'grant_type=client_credentials&client_secret=s3cret' });
      expect(res.status).to.equal(307);
      expect(res.headers.location).to.equal(`${b.url}/token`);
      expect(b.requests).to.have.length(0);
    });

    it('returns the 3xx itself when redirects are off or maxRedirects is reached', async () => {
      a.handle((req, res) => {
        res.writeHead(302, { location: `/${Number(req.path.slice(1)) + 1}` });
        res.end();
      });
      const http = egressClient();
      const off = await http.request({ url: `${a.url}/0`, followRedirects: false });
      expect(off.status).to.equal(302);
      expect(off.headers.location).to.equal('/1');
      const capped = await http.request({ url: `${a.url}/10`, maxRedirects: 2 });
      expect(capped.status).to.equal(302);
      expect(capped.headers.location).to.equal('/13');
      expect(a.requests).to.have.length(4);
    });
  });

  describe('denyPrivateNetworks', () => {
    it('is off by default: loopback is reachable', async () => {
      expect((await egressClient().request({ url: a.url })).status).to.equal(200);
    });

    it('refuses loopback IP literals, IPv4-mapped IPv6 and names resolving to loopback, sending nothing', async () => {
      const http = egressClient({ denyPrivateNetworks: true });
      const literal = await rejection(http.request({ url: `${a.url}/x` }), 'PRIVATE_NETWORK_DENIED');
      expect(literal.message).to.contain('127.0.0.1').and.contain('networking.denyPrivateNetworks');
      await rejection(http.request({ url: `http://[::ffff:127.0.0.1]:${a.port}/x` }), 'PRIVATE_NETWORK_DENIED');
      const named = await rejection(http.request({ url: `http://localhost:${a.port}/x` }), 'PRIVATE_NETWORK_DENIED');
      expect(named.message).to.contain('"localhost" resolves to 127.0.0.1');
      expect(a.requests).to.have.length(0);
    });

    it('checks names resolved for a proxy, and redirects to private addresses (literal or by name)', async () => {
      a.handle((req, res) => {
        const location = req.path === '/to-literal' ? `http://127.0.0.1:${b.port}/x` : `http://localhost:${b.port}/x`;
        res.writeHead(302, { location });
        res.end();
      });
      const http = egressClient({ denyPrivateNetworks: true, proxyUrl: proxy.url, proxyBypassHosts: ['localhost', '127.0.0.1'] });
      // Our resolver says the public name is public; the proxy (like a real one) connects it to server a.
      http.setDnsLookup((hostname, options, callback) => {
        if (hostname === `public.${TEST_DOMAIN}`) callback(null, [{ address: '93.184.215.14', family: 4 }]);
        else if (hostname === `inside.${TEST_DOMAIN}`) callback(null, [{ address: '10.20.30.40', family: 4 }]);
        else lookup(hostname, options, callback);
      });
      await rejection(http.request({ url: `http://public.${TEST_DOMAIN}:${a.port}/to-literal` }), 'PRIVATE_NETWORK_DENIED');
      await rejection(http.request({ url: `http://public.${TEST_DOMAIN}:${a.port}/to-name` }), 'PRIVATE_NETWORK_DENIED');
      expect(a.requests.map((r) => r.path)).to.deep.equal(['/to-literal', '/to-name']);
      expect(b.requests).to.have.length(0);

      const inside = await rejection(http.request({ url: `http://inside.${TEST_DOMAIN}:${a.port}/` }), 'PRIVATE_NETWORK_DENIED');
      expect(inside.message).to.contain('10.20.30.40');
      expect(proxy.requests).to.have.length(2);
    });
  });
});
