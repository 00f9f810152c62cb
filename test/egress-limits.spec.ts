import { expect } from 'chai';
import { getEventListeners } from 'node:events';
import { parseRetryAfter, retryFor } from '@relayflow/core';
import { closeEgressClients, egressClient, rejection } from './support/egress';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

describe('EgressHttpClient limits and messages', () => {
  let server: TestServer;
  const pending = new Set<NodeJS.Timeout>();

  beforeEach(async () => {
    server = await startTestServer((req, res) => sendJson(res, 200, { method: req.method }));
  });

  afterEach(async () => {
    for (const t of pending) clearInterval(t);
    pending.clear();
    closeEgressClients();
    await server.close();
  });

  describe('responses', () => {
    it('resolves for every status with lower-case headers and parsed JSON', async () => {
      server.handle((req, res) => {
        if (req.path === '/json') sendJson(res, 404, { error: 'missing' }, { 'X-Request-Id': 'r-1' });
        else if (req.path === '/text') { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('{"not":"parsed"}'); }
        else { res.writeHead(204); res.end(); }
      });
      const http = egressClient();
      const json = await http.request({ url: `${server.url}/json` });
      expect(json).to.deep.include({ status: 404, statusText: 'Not Found', data: { error: 'missing' } });
      expect(json.headers['x-request-id']).to.equal('r-1');
      const text = await http.request({ url: `${server.url}/text` });
      expect(text).to.deep.include({ status: 500, data: '{"not":"parsed"}' });
      expect((await http.request({ url: `${server.url}/none`, method: 'DELETE' })).status).to.equal(204);
      const raw = await http.request<Buffer>({ url: `${server.url}/json`, responseType: 'arraybuffer' });
      expect(Buffer.isBuffer(raw.data)).to.equal(true);
    });

    it('sends an object as JSON with a Content-Type, a string as it is (form-encoded type, as axios does), and keeps the caller\'s Content-Type', async () => {
      server.handle((req, res) => sendJson(res, 200, { body: req.body, type: req.headers['content-type'] ?? null }));
      const http = egressClient();
      expect((await http.request({ method: 'POST', url: server.url, data: { a: [1, 'x'] } })).data).to.deep.equal({ body: '{"a":[1,"x"]}', type: 'application/json' });
      expect((await http.request({ method: 'POST', url: server.url, data: 'a=1&b=2' })).data).to.deep.equal({ body: 'a=1&b=2', type: 'application/x-www-form-urlencoded' });
      expect((await http.request({ method: 'POST', url: server.url, data: '<a/>', headers: { 'Content-Type': 'application/xml' } })).data).to.deep.equal({ body: '<a/>', type: 'application/xml' });
      const bytes = new TextEncoder().encode('bytes\u00e9');
      expect((await http.request({ method: 'PUT', url: server.url, data: bytes, headers: { 'Content-Type': 'application/octet-stream' } })).data).to.deep.equal({ body: 'bytes\u00e9', type: 'application/octet-stream' });
      expect((await http.request({ method: 'PUT', url: server.url, data: Buffer.from('buf') })).data).to.deep.include({ body: 'buf' });
      expect((await http.request({ method: 'PUT', url: server.url, data: { a: 1 }, headers: { 'content-type': 'application/vnd.api+json' } })).data)
        .to.deep.equal({ body: '{"a":1}', type: 'application/vnd.api+json' });
    });

    it('supports HEAD and OPTIONS', async () => {
      const http = egressClient();
      expect((await http.request({ method: 'HEAD', url: server.url })).data).to.equal('');
      expect((await http.request({ method: 'OPTIONS', url: server.url })).data).to.deep.equal({ method: 'OPTIONS' });
    });
  });

  describe('maxResponseContentLength', () => {
    it('refuses a body over the limit (1mb by default)', async () => {
      server.handle((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('x'.repeat(1024 * 1024 + 1)); });
      const err = await rejection(egressClient().request({ url: server.url }), 'RESPONSE_TOO_LARGE');
      expect(err.message).to.contain('networking.maxResponseContentLength (1mb)');
      server.handle((_req, res) => { res.writeHead(200); res.end('x'.repeat(1024 * 1024)); });
      expect((await egressClient().request({ url: server.url })).status).to.equal(200);
    });

    it('stops reading as soon as the limit is passed, without waiting for the end of the body', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const t = setInterval(() => res.write(Buffer.alloc(1024, 1)), 5);
        pending.add(t);
        res.on('close', () => clearInterval(t));
      });
      const started = Date.now();
      await rejection(egressClient({ maxResponseContentLength: '16kb' }).request({ url: server.url }), 'RESPONSE_TOO_LARGE');
      expect(Date.now() - started).to.be.below(2000);
    });
  });

  describe('timeouts and abort', () => {
    it('gives up after networking.responseTimeout, naming it', async () => {
      server.handle(() => undefined);
      const started = Date.now();
      const err = await rejection(egressClient({ responseTimeout: '300ms' }).request({ url: server.url }), 'HTTP_TIMEOUT');
      expect(Date.now() - started).to.be.within(250, 2000);
      expect(err.message).to.contain('300ms').and.contain('networking.responseTimeout');
    });

    it('uses a shorter per-request timeout, covering a body that trickles in', async () => {
      server.handle((_req, res) => {
        res.writeHead(200);
        const t = setInterval(() => res.write('.'), 20);
        pending.add(t);
        res.on('close', () => clearInterval(t));
      });
      const started = Date.now();
      const err = await rejection(egressClient({ responseTimeout: '10s' }).request({ url: server.url, timeout: 200 }), 'HTTP_TIMEOUT');
      expect(Date.now() - started).to.be.below(2000);
      expect(err.message).to.contain('the request\'s timeout');
    });

    it('aborts when the caller\'s signal fires, and sends nothing for an aborted signal', async () => {
      server.handle(() => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejection(egressClient().request({ url: `${server.url}/slow`, signal: controller.signal }), 'HTTP_ABORTED');
      await rejection(egressClient().request({ url: `${server.url}/never`, signal: AbortSignal.abort() }), 'HTTP_ABORTED');
      expect(server.requests.map((r) => r.path)).to.deep.equal(['/slow']);
    });

    it('aborts every request sharing one signal, adding one listener to it however many are in flight', async () => {
      server.handle(() => undefined);
      const controller = new AbortController();
      const http = egressClient();
      const all = Array.from({ length: 20 }, (_, i) => rejection(http.request({ url: `${server.url}/${i}`, signal: controller.signal }), 'HTTP_ABORTED'));
      while (server.requests.length < 20) await new Promise((r) => setTimeout(r, 5));
      expect(getEventListeners(controller.signal, 'abort')).to.have.length(1);
      controller.abort();
      await Promise.all(all);
    });
  });

  describe('429 and Retry-After', () => {
    it('returns the 429 with a retry time from delta-seconds', async () => {
      server.handle((_req, res) => sendJson(res, 429, { error: 'slow down' }, { 'Retry-After': '7' }));
      const res = await egressClient().request({ url: server.url });
      expect(res.status).to.equal(429);
      const at = retryFor(res) as Date;
      expect(at).to.be.instanceOf(Date);
      expect(at.getTime() - Date.now()).to.be.within(5500, 7100);
    });

    it('returns the 429 with a retry time from an HTTP-date, capped', async () => {
      const when = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000);
      server.handle((_req, res) => sendJson(res, 429, {}, { 'Retry-After': when.toUTCString() }));
      const res = await egressClient().request({ url: server.url });
      expect((retryFor(res) as Date).getTime()).to.equal(when.getTime());
      expect(parseRetryAfter(res.headers, Date.now(), 5000)!.getTime() - Date.now()).to.be.within(4000, 5001);
    });
  });

  describe('network errors', () => {
    it('names the host and never credentials from the URL', async () => {
      const closed = server.port;
      await server.close();
      server = await startTestServer(() => undefined);
      const err = await rejection(egressClient().request({ url: `http://admin:hunter2-secret@127.0.0.1:${closed}/x?token=abc` }), 'NETWORK_ERROR');
      expect(err.message).to.contain(`127.0.0.1:${closed}`).and.contain('ECONNREFUSED');
      expect(`${err.message} ${JSON.stringify(err.details)} ${String(err.cause)}`).not.to.match(/hunter2|admin|token=abc/);
    });

    it('never repeats header values when Node refuses a header', async () => {
      const err = await rejection(egressClient().request({ url: server.url, headers: { 'Bad Name': 'secret-value-42' } }), 'NETWORK_ERROR');
      expect(err.message).to.contain('invalid name or value').and.not.contain('secret-value-42');
    });
  });
});
