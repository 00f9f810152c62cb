import { expect } from 'chai';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import plugin from './index';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

describe('pagerduty connector', () => {
  let pd: StandIn;
  let rf: TestRelayflow;

  beforeEach(async () => {
    pd = await startStandIn({
      'POST /v2/enqueue': (req) => ({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: (req.json as { dedup_key?: string }).dedup_key ?? 'generated-key' } }),
    });
    rf = await createTestRelayflow({
      plugins: [plugin],
      connectors: [{ type: 'pagerduty', name: 'oncall', config: { apiUrl: pd.url }, secrets: { routingKey: ROUTING_KEY } }],
    });
  });

  afterEach(async () => {
    await rf.stop();
    await pd.close();
  });

  it('triggers an alert with the Events API v2 shape', async () => {
    const result = await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'Disk full on web-1', source: 'web-1', severity: 'critical' } });
    expect(result).to.deep.equal({ status: 'ok', data: { status: 'success', message: 'Event processed', dedupKey: 'generated-key' } });
    expect(pd.requests[0].json).to.deep.equal({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      payload: { summary: 'Disk full on web-1', source: 'web-1', severity: 'critical' },
    });
  });

  it('acknowledges and resolves by dedup key', async () => {
    await rf.runAction({ type: 'pagerduty', action: 'acknowledge', connector: 'oncall', params: { dedupKey: 'k-1' } });
    await rf.runAction({ type: 'pagerduty', action: 'resolve', connector: 'oncall', params: { dedupKey: 'k-1' } });
    expect(pd.requests.map((r) => (r.json as { event_action: string }).event_action)).to.deep.equal(['acknowledge', 'resolve']);
  });

  it("reports PagerDuty's reasons for a rejected event and never the routing key", async () => {
    pd.handle(() => ({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.summary' is missing"] } }));
    const result = await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } });
    expect(result).to.deep.include({ status: 'error', message: "PagerDuty rejected the event: 'payload.summary' is missing", retry: false });
    expect(JSON.stringify(result)).to.not.include(ROUTING_KEY);
  });

  it('asks to retry at Retry-After when rate limited', async () => {
    pd.handle(() => ({ status: 429, headers: { 'retry-after': '30' }, body: { status: 'throttled' } }));
    const before = Date.now();
    const result = await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } });
    expect(result.status).to.equal('error');
    if (result.status === 'error') {
      expect(result.retry).to.be.instanceOf(Date);
      expect((result.retry as Date).getTime()).to.be.within(before + 29_000, Date.now() + 31_000);
    }
  });

  it('refuses a routing key of the wrong length when the connector is created', async () => {
    try {
      await rf.relayflow.connectors.create({ type: 'pagerduty', name: 'bad', secrets: { routingKey: 'short' } });
      expect.fail('expected a validation error');
    } catch (err) {
      expect((err as Error).message).to.include('routingKey must be the 32-character Events API v2 integration key');
    }
  });
});
