import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import httpPlugin from '@relayflow/plugin-http';
import { serverCertificate, testCertificates } from './support/certificates';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy';
import { sendJson, startTestServer, type TestServer } from './support/test-server';

const SEEDS = join(__dirname, 'fixtures', 'workflows', 'seeds');
const SEED_HOSTS = ['api.thirdparty.com', 'hooks.example.com'];
const API_KEY = 'response-api-key-7731';

describe('http steps in workflows', function () {
  this.timeout(30_000);
  let seedSite: TestServer;
  let responseApi: StandIn;
  let flaky: StandIn;
  let proxy: ForwardProxy;
  let rf: TestRelayflow;

  before(async () => {
    // The seed's URLs are public hosts: a proxy (as in a real network) sends them to a local
    // HTTPS stand-in whose certificate names them, signed by a CA the config trusts for them.
    seedSite = await startTestServer((req, res) => sendJson(res, 200, { host: req.headers.host, path: req.path, ok: true }), { tls: serverCertificate(SEED_HOSTS) });
    proxy = await startForwardProxy({ route: (host, port) => (SEED_HOSTS.includes(host) && port === 443 ? { host: '127.0.0.1', port: seedSite.port } : undefined) });
    responseApi = await startStandIn((req) => ({ status: 201, body: { id: 'ra-1', received: req.json } }));
    flaky = await startStandIn(() => ({ status: 200, body: {} }));
    const ca = testCertificates().ca.cert;
    rf = await createTestRelayflow({
      plugins: [httpPlugin],
      config: {
        networking: {
          allowedHosts: [...SEED_HOSTS, '127.0.0.1'],
          proxyUrl: proxy.url,
          proxyOnlyHosts: SEED_HOSTS,
          customHostSettings: SEED_HOSTS.map((host) => ({ url: `https://${host}`, ssl: { certificateAuthoritiesData: ca } })),
        },
      },
      connectors: [{ type: 'http', name: 'security-response-api', config: { url: responseApi.url }, secrets: { secretHeaders: { 'X-Api-Key': API_KEY } } }],
    });
  });

  after(async () => {
    await rf.stop();
    await Promise.all([seedSite.close(), responseApi.close(), flaky.close(), proxy.close()]);
  });

  const seed = (file: string): string => readFileSync(join(SEEDS, file), 'utf8');

  describe('the seed examples, unchanged', () => {
    it('000 call_secure_api: GET with the step\'s bearer header', async () => {
      const record = await rf.runWorkflow(seed('000-call-secure-api.yaml'));
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      expect(record.steps[0].output).to.deep.include({ status: 200, statusText: 'OK' });
      expect((record.steps[0].output as { data: unknown }).data).to.deep.equal({ host: 'api.thirdparty.com', path: '/v1/data', ok: true });
      const got = seedSite.requests.at(-1)!;
      expect(got).to.include({ method: 'GET', path: '/v1/data' });
      expect(got.headers.authorization).to.equal('Bearer my-secret-api-token');
      expect(proxy.requests.at(-1)).to.include({ method: 'CONNECT', target: 'api.thirdparty.com:443' });
    });

    it('000 trigger_custom_automation: POST of the rendered JSON body', async () => {
      const record = await rf.runWorkflow(seed('000-trigger-custom-automation.yaml'), { event: { id: 'evt-7f3a' } });
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      const got = seedSite.requests.at(-1)!;
      expect(got).to.include({ method: 'POST', path: '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' });
      expect(got.headers['content-type']).to.equal('application/json');
      expect(JSON.parse(got.body)).to.deep.equal({ event_id: 'evt-7f3a', message: "Workflow action triggered by 'trigger-custom-automation'" });
    });

    it('001 trigger_response_action: a connector\'s base URL, path and secret header', async () => {
      const record = await rf.runWorkflow(seed('001-trigger-response-action.yaml'), { event: { agent: { id: 'agent-web-01' } } });
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      const got = responseApi.requests.at(-1)!;
      expect(got).to.include({ method: 'POST', path: '/v1/response-actions/isolate' });
      expect(got.headers['x-api-key']).to.equal(API_KEY);
      expect(got.json).to.deep.equal({ endpoint_id: 'agent-web-01', reason: "Triggered by workflow 'trigger-response-action'" });
      expect(JSON.stringify(record)).not.to.contain(API_KEY);
    });
  });

  describe('failures through the engine', () => {
    const workflow = (path: string, retry = '{ max-attempts: 3, delay: 20ms }') => `name: flaky-call
steps:
  - name: call
    type: http
    with: { url: "${flaky.url}${path}", method: POST, body: { n: 1 } }
    on-failure: { retry: ${retry} }
`;

    it('retries a 503 and completes when the service recovers', async () => {
      let n = 0;
      flaky.handle(() => (++n < 3 ? { status: 503, body: 'busy' } : { status: 200, body: { done: true } }));
      const record = await rf.runWorkflow(workflow('/recovering'));
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      expect(record.steps[0]).to.deep.include({ status: 'completed', attempts: 3 });
      expect((record.steps[0].output as { data: unknown }).data).to.deep.equal({ done: true });
      expect(n).to.equal(3);
    });

    it('waits for Retry-After on a 503 before the next attempt', async () => {
      const at: number[] = [];
      flaky.handle(() => {
        at.push(Date.now());
        return at.length === 1 ? { status: 503, headers: { 'Retry-After': '1' }, body: {} } : { status: 200, body: {} };
      });
      const record = await rf.runWorkflow(workflow('/retry-after', '{ max-attempts: 2, delay: 10ms }'));
      expect(record.status).to.equal('completed');
      expect(at[1] - at[0]).to.be.at.least(900);
    });

    it('fails after the last attempt, keeping the response in the step error', async () => {
      flaky.handle(() => ({ status: 503, body: { message: 'still down' } }));
      const record = await rf.runWorkflow(workflow('/down'));
      expect(record.status).to.equal('failed');
      const step = record.steps[0];
      expect(step).to.deep.include({ status: 'failed', attempts: 3 });
      expect(step.error).to.deep.include({ type: 'ConnectorError', retryable: true });
      expect(step.error!.message).to.contain('503 Service Unavailable');
      expect(step.error!.details).to.deep.include({ status: 503, statusText: 'Service Unavailable', data: { message: 'still down' }, serviceMessage: 'still down' });
    });

    it('does not retry a 404', async () => {
      flaky.handle(() => ({ status: 404, body: {} }));
      const record = await rf.runWorkflow(workflow('/missing'));
      expect(record.steps[0]).to.deep.include({ status: 'failed', attempts: 1 });
      expect(record.steps[0].error!.retryable).to.equal(false);
    });
  });
});
