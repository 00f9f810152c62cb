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

  it('reads a 400 whatever shape its body has (the example crashed with "errors.join is not a function" on an object)', async () => {
    const cases: Array<[string, unknown, string | undefined, string]> = [
      ['errors as an object', { status: 'invalid event', errors: { 'payload.summary': 'is missing', routing_key: ['is invalid'] } }, undefined, 'payload.summary: is missing; routing_key: is invalid'],
      ['errors as a string', { errors: 'Event object is invalid' }, undefined, 'Event object is invalid'],
      ['errors as objects', { errors: [{ message: 'bad severity' }, { field: 'source' }] }, undefined, 'bad severity; {"field":"source"}'],
      ['errors null, a message', { errors: null, message: 'Event object is invalid' }, undefined, 'Event object is invalid'],
      ['a JSON list', ['unexpected'], undefined, '["unexpected"]'],
      ['an HTML page from a proxy', '<html><h1>400 Bad Request</h1></html>', 'text/html', '<html><h1>400 Bad Request</h1></html>'],
      ['no body at all', '', 'text/plain', 'the event was refused, and the answer gave no reason'],
      ['JSON null', 'null', 'application/json', 'the event was refused, and the answer gave no reason'],
    ];
    for (const [what, body, contentType, reason] of cases) {
      pd.handle(() => ({ status: 400, body, headers: contentType ? { 'content-type': contentType } : undefined }));
      const result = await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } });
      expect(result, what).to.deep.include({ status: 'error', message: `PagerDuty rejected the event: ${reason}`, serviceMessage: reason, retry: false });
    }
  });

  it('reads a 202 whatever its body, and reports 5xx pages and network failures as retryable errors', async () => {
    pd.handle(() => ({ status: 202, body: 'accepted', headers: { 'content-type': 'text/plain' } }));
    expect(await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } })).to.deep.equal({ status: 'ok', data: {} });
    pd.handle(() => ({ status: 202, body: { status: 'success', dedup_key: { not: 'text' } } }));
    expect(await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } })).to.deep.equal({ status: 'ok', data: { status: 'success' } });

    pd.handle(() => ({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }));
    expect(await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } }))
      .to.deep.include({ status: 'error', message: 'error sending the event to PagerDuty: 502 Bad Gateway — <html>Bad Gateway</html>', retry: true });

    await pd.close();
    const unreachable = await rf.runAction({ type: 'pagerduty', connector: 'oncall', params: { summary: 'x', source: 'y' } });
    expect(unreachable).to.deep.include({ status: 'error', retry: true });
    expect((unreachable as { message: string }).message).to.match(/^error sending the event to PagerDuty: /);
    expect(JSON.stringify(unreachable)).to.not.include(ROUTING_KEY);
    pd = await startStandIn(() => ({ status: 202, body: {} })); // for afterEach
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
