import { expect } from 'chai';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import httpPlugin from '@relayflow/plugin-http';
import { failed } from './support/http-results';

/** Kibana's HTTP connector behaviours a migrated configuration relies on, against a stand-in that records what it received. */
describe('http connector: Kibana compatibility', () => {
  let api: StandIn;
  let rf: TestRelayflow;

  before(async () => {
    api = await startStandIn((req) => ({ body: { path: req.path, query: req.query } }));
    rf = await createTestRelayflow({
      plugins: [httpPlugin],
      config: { networking: { allowedHosts: ['127.0.0.1'] } },
      connectors: [{ type: 'http', name: 'api', config: { url: api.url } }],
    });
  });
  after(async () => {
    await rf.stop();
    await api.close();
  });
  beforeEach(() => {
    api.requests.length = 0;
  });

  describe('RFC 7807 problem bodies', () => {
    it('gives the problem\'s detail as the serviceMessage', async () => {
      api.handle(() => ({
        status: 403,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify({ type: 'https://example.com/probs/out-of-credit', title: 'You do not have enough credit.', detail: 'Your current balance is 30, but that costs 50.', instance: '/account/12345/msgs/abc' }),
      }));
      const err = failed(await rf.runAction({ type: 'http', connector: 'api', params: { path: '/pay', method: 'POST' } }));
      expect(err.serviceMessage).to.equal('Your current balance is 30, but that costs 50.');
      expect(err.message).to.match(/^http POST 127\.0\.0\.1:\d+ failed: 403 Forbidden/);
      expect(api.requests).to.have.length(1);
    });

    it('gives the title when there is no detail, also for a problem sent as application/json', async () => {
      api.handle(() => ({ status: 422, body: { type: 'about:blank', title: 'Unprocessable Entity', status: 422 } }));
      const err = failed(await rf.runAction({ type: 'http', connector: 'api', params: { path: '/x' } }));
      expect(err.serviceMessage).to.equal('Unprocessable Entity');
    });

    it('keeps the usual reasons for other bodies', async () => {
      api.handle(() => ({ status: 400, body: { message: 'bad field', title: 'not a problem body' } }));
      const err = failed(await rf.runAction({ type: 'http', connector: 'api', params: { path: '/x' } }));
      expect(err.serviceMessage).to.equal('bad field');
    });
  });
});
