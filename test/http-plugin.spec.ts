import { expect } from 'chai';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import httpPlugin, { type HttpOutput } from '@relayflow/plugin-http';
import { testCertificates } from './support/certificates';
import { failed, okOutput } from './support/http-results';
import { rejectionOf } from './support/errors';
import { startTestServer, type TestServer } from './support/test-server';

const SECRET_KEY = 'sk-live-4f1c2e9d8b7a6';
const PASSWORD = 'pa55-w0rd-!xyz';


describe('http plugin', () => {
  let api: StandIn;
  let other: StandIn;
  let rf: TestRelayflow;

  before(async () => {
    const echo = (req: { method: string; url: string; headers: Record<string, unknown>; body: string }) => ({
      status: 200, body: { method: req.method, url: req.url, headers: req.headers, body: req.body },
    });
    api = await startStandIn(echo);
    other = await startStandIn(echo);
    rf = await createTestRelayflow({
      plugins: [httpPlugin],
      config: { networking: { allowedHosts: ['127.0.0.1', 'localhost'] } },
      connectors: [
        {
          type: 'http', name: 'security-response-api',
          config: { url: `${api.url}/api/`, headers: { 'X-Team': 'secops', 'X-Key': 'from-config', Accept: 'application/json' } },
          secrets: { user: 'responder', password: PASSWORD, secretHeaders: { 'x-key': SECRET_KEY } },
        },
        { type: 'http', name: 'query-api', config: { url: `${api.url}/search?apikey=k1` } },
      ],
    });
  });

  after(async () => {
    await rf.stop();
    await Promise.all([api.close(), other.close()]);
  });

  beforeEach(() => {
    api.requests.length = 0;
    other.requests.length = 0;
  });

  const run = (params: Record<string, unknown>, connector?: string, signal?: AbortSignal) => rf.runAction({ type: 'http', connector, params, signal });

  describe('without a connector', () => {
    it('GETs with.url by default and returns { status, statusText, headers, data } with JSON parsed', async () => {
      const out = okOutput(await run({ url: `${api.url}/v1/data` }));
      expect(out.status).to.equal(200);
      expect(out.statusText).to.equal('OK');
      expect(out.headers['content-type']).to.equal('application/json');
      expect(out.data).to.deep.include({ method: 'GET', url: '/v1/data' });
      expect(Object.keys(out)).to.deep.equal(['status', 'statusText', 'headers', 'data']);
    });

    it('needs with.url', async () => {
      const err = await rejectionOf(run({ path: '/x' }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.message).to.contain('with.url is required');
    });

    it('sends every method, in any case', async () => {
      for (const method of ['POST', 'put', 'PATCH', 'delete', 'OPTIONS']) {
        const out = okOutput(await run({ url: api.url, method }));
        expect((out.data as { method: string }).method).to.equal(method.toUpperCase());
      }
      const head = okOutput(await run({ url: api.url, method: 'HEAD' }));
      expect(head.data).to.equal('');
      expect(api.requests.map((r) => r.method)).to.deep.equal(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
    });

    it('refuses an unknown method', async () => {
      expect((await rejectionOf(run({ url: api.url, method: 'TRACE' }))).code).to.equal('VALIDATION_FAILED');
    });

    it('sends an object body as JSON (Content-Type set when absent) and a string body as it is', async () => {
      await run({ url: api.url, method: 'POST', body: { event_id: 'e-1', nested: [1, 2] } });
      expect(api.requests[0].headers['content-type']).to.equal('application/json');
      expect(api.requests[0].json).to.deep.equal({ event_id: 'e-1', nested: [1, 2] });
      await run({ url: api.url, method: 'POST', body: '<alert id="1"/>', headers: { 'Content-Type': 'application/xml' } });
      expect(api.requests[1].body).to.equal('<alert id="1"/>');
      expect(api.requests[1].headers['content-type']).to.equal('application/xml');
      await run({ url: api.url, method: 'POST', body: { a: 1 }, headers: { 'content-type': 'application/merge-patch+json' } });
      expect(api.requests[2].headers['content-type']).to.equal('application/merge-patch+json');
    });

    it('appends query to a query already in the URL', async () => {
      await run({ url: `${api.url}/s?fixed=1`, query: { q: 'host:web 01', limit: 10, tag: ['a', 'b'] } });
      expect(api.requests[0].url).to.equal('/s?fixed=1&q=host%3Aweb%2001&limit=10&tag=a&tag=b');
    });
  });

  describe('with a connector', () => {
    it('joins the connector url and path with exactly one slash', async () => {
      for (const path of ['/v1/response-actions/isolate', 'v1/response-actions/isolate']) {
        await run({ path, method: 'POST', body: { endpoint_id: 'a-1' } }, 'security-response-api');
      }
      expect(api.requests.map((r) => r.url)).to.deep.equal(['/api/v1/response-actions/isolate', '/api/v1/response-actions/isolate']);
    });

    it('merges query with the connector url\'s own query', async () => {
      await run({ path: 'items', query: { page: 2 } }, 'query-api');
      expect(api.requests[0].url).to.equal('/search/items?apikey=k1&page=2');
    });

    it('applies headers as config < secret headers < auth < step, names compared case-insensitively', async () => {
      await run({ path: 'a' }, 'security-response-api');
      const first = api.requests[0].headers;
      expect(first['x-team']).to.equal('secops');
      expect(first['x-key']).to.equal(SECRET_KEY);
      expect(first.authorization).to.equal(`Basic ${Buffer.from(`responder:${PASSWORD}`).toString('base64')}`);
      await run({ path: 'b', headers: { AUTHORIZATION: 'Bearer from-step', 'X-KEY': 'from-step', 'x-team': 'step-team', 'X-Count': 3 } }, 'security-response-api');
      const second = api.requests[1].headers;
      expect(second).to.include({ authorization: 'Bearer from-step', 'x-key': 'from-step', 'x-team': 'step-team', 'x-count': '3' });
    });

    it('lets with.url replace the connector url; credentials go only to the connector\'s origin', async () => {
      await run({ url: `${api.url}/elsewhere`, path: 'x' }, 'security-response-api');
      expect(api.requests[0].url).to.equal('/elsewhere/x');
      expect(api.requests[0].headers['x-key']).to.equal(SECRET_KEY);
      await run({ url: `${other.url}/foreign` }, 'security-response-api');
      expect(other.requests[0].url).to.equal('/foreign');
      expect(other.requests[0].headers).to.include({ 'x-team': 'secops', 'x-key': 'from-config' });
      expect(other.requests[0].headers).not.to.have.property('authorization');
    });

    it('never returns a secret header value or the password, even when the service echoes them', async () => {
      const out = okOutput(await run({ path: 'echo' }, 'security-response-api'));
      const text = JSON.stringify(out);
      expect(text).not.to.contain(SECRET_KEY);
      expect(text).not.to.contain(Buffer.from(`responder:${PASSWORD}`).toString('base64'));
      expect(text).to.contain('[REDACTED]');
      api.handle((req) => ({ status: 500, body: { error: 'boom', saw: req.headers } }));
      try {
        const err = failed(await run({ path: 'echo' }, 'security-response-api'));
        const all = JSON.stringify(err);
        expect(all).not.to.contain(SECRET_KEY);
        expect(all).not.to.contain(PASSWORD);
        expect(all).not.to.contain(Buffer.from(`responder:${PASSWORD}`).toString('base64'));
      } finally {
        api.handle((req) => ({ status: 200, body: { method: req.method, url: req.url, headers: req.headers, body: req.body } }));
      }
    });
  });

  describe('failures', () => {
    afterEach(() => api.handle((req) => ({ status: 200, body: { method: req.method, url: req.url, headers: req.headers, body: req.body } })));

    it('makes a non-2xx an error with the output in details and status, text and body in the message', async () => {
      api.handle(() => ({ status: 404, body: { message: 'no such host' } }));
      const err = failed(await run({ url: `${api.url}/hosts/x` }));
      expect(err.message).to.equal(`http GET ${new URL(api.url).host} failed: 404 Not Found — {"message":"no such host"}`);
      expect(err.serviceMessage).to.equal('no such host');
      expect(err.retry).to.equal(false);
      expect(err.details).to.deep.include({ status: 404, statusText: 'Not Found', data: { message: 'no such host' } });
      expect((err.details as unknown as HttpOutput).headers['content-type']).to.equal('application/json');
    });

    it('marks 5xx retryable and 429 retryable at Retry-After', async () => {
      api.handle(() => ({ status: 503, body: 'maintenance' }));
      expect(failed(await run({ url: api.url })).retry).to.equal(true);
      api.handle(() => ({ status: 429, headers: { 'Retry-After': '3' }, body: {} }));
      const retry = failed(await run({ url: api.url })).retry;
      expect(retry).to.be.instanceOf(Date);
      expect((retry as Date).getTime() - Date.now()).to.be.within(1500, 3100);
    });

    it('refuses a host outside networking.allowedHosts, not retryable', async () => {
      const err = failed(await run({ url: `http://127.0.0.2:${api.port}/x` }));
      expect(err.message).to.contain('"127.0.0.2').and.contain('networking.allowedHosts');
      expect(err.retry).to.equal(false);
      expect(err.details).to.deep.include({ code: 'HOST_NOT_ALLOWED' });
    });

    it('honours Kibana 9.3\'s with.timeout (ms or a duration) as a retryable timeout', async () => {
      api.handle(() => ({ status: 200, body: {}, delayMs: 1000 }));
      for (const timeout of [100, '100ms']) {
        const err = failed(await run({ url: api.url, timeout }));
        expect(err.details).to.deep.include({ code: 'HTTP_TIMEOUT' });
        expect(err.retry).to.equal(true);
      }
    });

    it('stops when the step is cancelled', async () => {
      api.handle(() => ({ status: 200, body: {}, delayMs: 2000 }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const err = failed(await run({ url: api.url }, undefined, controller.signal));
      expect(Date.now() - started).to.be.below(1500);
      expect(err.details).to.deep.include({ code: 'HTTP_ABORTED' });
    });
  });

  describe('Kibana 9.3 fetcher options', () => {
    let selfSigned: TestServer;
    before(async () => {
      selfSigned = await startTestServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"secure":true}');
      }, { tls: testCertificates().selfSigned });
    });
    after(() => selfSigned.close());
    afterEach(() => api.handle((req) => ({ status: 200, body: { method: req.method, url: req.url, headers: req.headers, body: req.body } })));

    it('skip_ssl_verification accepts a self-signed certificate for that step only', async () => {
      expect(failed(await run({ url: selfSigned.url })).message).to.contain('certificate');
      expect(okOutput(await run({ url: selfSigned.url, fetcher: { skip_ssl_verification: true } })).data).to.deep.equal({ secure: true });
      // The next step without the flag verifies again (no connection or agent is shared with the flagged one).
      const record = await rf.runWorkflow(`
name: tls-per-step
steps:
  - { name: insecure, type: http, with: { url: "${selfSigned.url}", fetcher: { skip_ssl_verification: true } } }
  - { name: secure, type: http, on-failure: { continue: true }, with: { url: "${selfSigned.url}" } }
  - { name: insecure_again, type: http, with: { url: "${selfSigned.url}", fetcher: { skip_ssl_verification: true } } }
`);
      expect(record.steps.map((step) => [step.name, step.status])).to.deep.equal([['insecure', 'completed'], ['secure', 'failed'], ['insecure_again', 'completed']]);
      expect(record.steps[0].output).to.deep.include({ data: { secure: true } });
      expect(record.steps[1].error?.message).to.match(/DEPTH_ZERO_SELF_SIGNED_CERT|self.signed certificate/i);
    });

    it('follow_redirects: false returns the 3xx as a failed step; max_redirects bounds following', async () => {
      api.handle((req) => (req.path === '/end' ? { status: 200, body: { landed: true } } : { status: 302, headers: { location: `/${req.path.length > 3 ? 'end' : `${req.path.slice(1)}x`}` } }));
      expect(okOutput(await run({ url: `${api.url}/a` })).data).to.deep.equal({ landed: true });
      const off = failed(await run({ url: `${api.url}/a`, fetcher: { follow_redirects: false } }));
      expect(off.details).to.deep.include({ status: 302 });
      const capped = failed(await run({ url: `${api.url}/a`, fetcher: { max_redirects: 1 } }));
      expect(capped.details).to.deep.include({ status: 302 });
    });

    it('keep_alive: false opens a fresh connection', async () => {
      const out = okOutput(await run({ url: api.url, fetcher: { keep_alive: false, max_redirects: '3', follow_redirects: 'true' } }));
      expect((out.data as { headers: Record<string, string> }).headers.connection).to.equal('close');
    });

    it('rejects unknown fetcher options', async () => {
      const err = await rejectionOf(run({ url: api.url, fetcher: { retries: 3 } }));
      expect(err.message).to.contain('retries');
    });
  });
});
