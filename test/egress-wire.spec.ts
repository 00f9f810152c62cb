import { expect } from 'chai';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { closeEgressClients, egressClient, rejection } from './support/egress';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

describe('EgressHttpClient on the wire', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer((req, res) => sendJson(res, 200, { headers: req.headers }));
  });

  afterEach(async () => {
    closeEgressClients();
    await server.close();
  });

  describe('request headers', () => {
    it('sends what axios sends: Accept, User-Agent, Accept-Encoding, Content-Length; the caller\'s own win', async () => {
      const http = egressClient();
      await http.request({ method: 'POST', url: server.url, data: { a: 'é' } });
      const sent = server.requests[0].headers;
      expect(sent).to.include({ accept: 'application/json, text/plain, */*', 'accept-encoding': 'gzip, compress, deflate, br', 'content-length': '10', 'content-type': 'application/json' });
      expect(sent['user-agent']).to.match(/^axios\/\d+\.\d+\.\d+$/);
      await http.request({ url: server.url, headers: { 'user-agent': 'relayflow-test', Accept: 'text/csv', 'Accept-Encoding': 'identity' } });
      expect(server.requests[1].headers).to.include({ 'user-agent': 'relayflow-test', accept: 'text/csv', 'accept-encoding': 'identity' });
    });

    it('trims header values and drops characters a header cannot carry', async () => {
      await egressClient().request({ url: server.url, headers: { 'X-Note': '  caf\u00e9 \u2603 ok\t' } });
      expect(server.requests[0].headers['x-note']).to.equal('caf\u00e9  ok');
    });

    it('sends credentials in the URL as Basic auth, in place of an Authorization header', async () => {
      const url = server.url.replace('http://', 'http://ops%40acme:p%3Ass@');
      await egressClient().request({ url, headers: { Authorization: 'Bearer other' } });
      expect(server.requests[0].headers.authorization).to.equal(`Basic ${Buffer.from('ops@acme:p:ss').toString('base64')}`);
    });
  });

  describe('compressed responses', () => {
    const json = JSON.stringify({ ok: true, text: 'x'.repeat(2000) });
    const encoded: Record<string, Buffer> = {
      gzip: gzipSync(json), deflate: deflateSync(json), 'deflate (raw)': deflateRawSync(json), br: brotliCompressSync(json),
    };
    for (const [name, bytes] of Object.entries(encoded)) {
      it(`decodes ${name} and drops the Content-Encoding header`, async () => {
        server.handle((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': name.split(' ')[0] });
          res.end(bytes);
        });
        const res = await egressClient().request<{ ok: boolean; text: string }>({ url: server.url });
        expect(res.data.ok).to.equal(true);
        expect(res.data.text).to.have.length(2000);
        expect(res.headers).not.to.have.property('content-encoding');
      });
    }

    it('applies maxResponseContentLength to the decoded body', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(gzipSync('x'.repeat(64 * 1024)));
      });
      await rejection(egressClient({ maxResponseContentLength: '16kb' }).request({ url: server.url }), 'RESPONSE_TOO_LARGE');
    });

    it('reads a HEAD or 204 answer that names an encoding as empty', async () => {
      server.handle((req, res) => {
        res.writeHead(req.method === 'HEAD' ? 200 : 204, { 'content-encoding': 'gzip' });
        res.end();
      });
      const head = await egressClient().request({ method: 'HEAD', url: server.url });
      expect(head.data).to.equal('');
      expect(head.headers).not.to.have.property('content-encoding');
      expect((await egressClient().request({ method: 'DELETE', url: server.url })).status).to.equal(204);
    });
  });
});
