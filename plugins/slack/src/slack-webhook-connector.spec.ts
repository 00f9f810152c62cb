import { expect } from 'chai';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import type { ActionError, ActionResult } from '@relayflow/sdk';
import slackPlugin from './index';
import { captureLogs, expectNoSecret, thrown, type LogCapture } from './test-support';

const HOOK_PATH = '/services/T0AAAAAAA/B0BBBBBBB/wEbHoOkSeCrEt0123456789';

describe('slack (incoming webhook)', () => {
  let slack: StandIn;
  let rf: TestRelayflow;
  let logs: LogCapture;
  let webhookUrl: string;

  before(async () => {
    slack = await startStandIn(() => ({ body: 'ok', headers: { 'content-type': 'text/html' } }));
    webhookUrl = `${slack.url}${HOOK_PATH}`;
    logs = captureLogs();
    rf = await createTestRelayflow({
      plugins: [slackPlugin],
      connectors: [{ type: 'slack', name: 'security-alerts-channel', secrets: { webhookUrl } }],
      config: { networking: { allowedHosts: ['127.0.0.1'] } },
    });
  });

  after(async () => {
    logs.stop();
    await rf?.stop();
    await slack?.close();
  });

  beforeEach(() => {
    slack.requests.length = 0;
    slack.handle(() => ({ body: 'ok', headers: { 'content-type': 'text/html' } }));
  });

  const post = (params: unknown): Promise<ActionResult> => rf.runAction({ type: 'slack', connector: 'security-alerts-channel', params });

  function expectError(result: ActionResult): ActionError {
    expect(result.status, JSON.stringify(result)).to.equal('error');
    expectNoSecret(result, HOOK_PATH, 'the result');
    return result as ActionError;
  }

  describe('.postMessage (default action)', () => {
    it('POSTs {"text": message} as JSON to the webhook URL and returns Slack\'s ok', async () => {
      const result = await post({ message: 'High-priority alert: disk full. Please investigate immediately.' });
      expect(result).to.deep.equal({ status: 'ok', data: { text: 'ok' } });
      expect(slack.requests).to.have.length(1);
      const [req] = slack.requests;
      expect(req.method).to.equal('POST');
      expect(req.path).to.equal(HOOK_PATH);
      expect(req.headers['content-type']).to.match(/^application\/json/);
      expect(req.json).to.deep.equal({ text: 'High-priority alert: disk full. Please investigate immediately.' });
    });

    it('sends blocks given as an array, as JSON text, or as Block Kit Builder\'s {"blocks": [...]}', async () => {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*disk full*' } }];
      for (const form of [blocks, JSON.stringify(blocks), JSON.stringify({ blocks }), { blocks }]) {
        expect((await post({ message: 'disk full', blocks: form })).status).to.equal('ok');
      }
      expect(slack.requests.map((r) => r.json)).to.deep.equal(Array(4).fill({ text: 'disk full', blocks }));
    });

    it('refuses an empty message or malformed blocks before sending anything', async () => {
      const empty = await thrown(() => post({ message: '' }));
      expect(empty.code).to.equal('VALIDATION_FAILED');
      expect(empty.message).to.include('message');
      const missing = await thrown(() => post({}));
      expect(missing.message).to.include('missing required key "message"');
      const badBlocks = await thrown(() => post({ message: 'x', blocks: 'not json' }));
      expect(badBlocks.message).to.include('blocks must be a non-empty array of Block Kit blocks');
      const noType = await thrown(() => post({ message: 'x', blocks: [{ text: 'no type' }] }));
      expect(noType.code).to.equal('VALIDATION_FAILED');
      expect(slack.requests).to.have.length(0);
    });

    it('is an error carrying Slack\'s text when a 200 body is not "ok"', async () => {
      slack.handle(() => ({ status: 200, body: 'invalid_token' }));
      const result = expectError(await post({ message: 'hi' }));
      expect(result.message).to.include('Slack answered "invalid_token" instead of "ok"');
      expect(result.serviceMessage).to.equal('invalid_token');
      expect(result.retry).to.equal(false);
    });

    it('is a non-retryable error with Slack\'s text and a hint for a 4xx (e.g. a removed webhook)', async () => {
      slack.handle(() => ({ status: 404, body: 'no_service' }));
      const result = expectError(await post({ message: 'hi' }));
      expect(result.message).to.include('404').and.to.include('no_service').and.to.include("update the connector's secrets.webhookUrl");
      expect(result.serviceMessage).to.equal('no_service');
      expect(result.retry).to.equal(false);
    });

    it('retries at Retry-After (delta-seconds) on 429', async () => {
      slack.handle(() => ({ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' }));
      const before = Date.now();
      const result = expectError(await post({ message: 'hi' }));
      expect(result.retry).to.be.instanceOf(Date);
      const at = (result.retry as Date).getTime();
      expect(at).to.be.within(before + 29_000, Date.now() + 31_000);
      expect(result.message).to.include('429').and.to.include(`retry at ${(result.retry as Date).toISOString()}`);
      expect(result.serviceMessage).to.equal('rate_limited');
    });

    it('retries at Retry-After (HTTP-date) on 429', async () => {
      const when = new Date(Math.ceil((Date.now() + 90_000) / 1000) * 1000);
      slack.handle(() => ({ status: 429, headers: { 'retry-after': when.toUTCString() }, body: 'rate_limited' }));
      const result = expectError(await post({ message: 'hi' }));
      expect((result.retry as Date).toISOString()).to.equal(when.toISOString());
    });

    it('is retryable (no date) on 429 without a usable Retry-After', async () => {
      slack.handle(() => ({ status: 429, headers: { 'retry-after': 'soon' }, body: 'rate_limited' }));
      const result = expectError(await post({ message: 'hi' }));
      expect(result.retry).to.equal(true);
      expect(result.message).to.include('retry later');
    });

    it('is retryable on 5xx', async () => {
      slack.handle(() => ({ status: 503, body: 'service unavailable' }));
      const result = expectError(await post({ message: 'hi' }));
      expect(result.retry).to.equal(true);
      expect(result.message).to.include('503');
    });

    it('never puts the webhook URL in a network error, and marks it retryable', async () => {
      const dead = await startStandIn(() => ({ body: 'ok' }));
      const deadUrl = `${dead.url}${HOOK_PATH}`;
      await dead.close();
      await rf.relayflow.connectors.create({ type: 'slack', name: 'dead-hook', secrets: { webhookUrl: deadUrl } });
      const result = expectError(await rf.runAction({ type: 'slack', connector: 'dead-hook', params: { message: 'hi' } }));
      expect(result.retry).to.equal(true);
      expect(result.message).to.include('error posting slack message').and.to.include('/[redacted]');
      expectNoSecret(result, deadUrl, 'the result');
    });

    it('stops when the step is cancelled, without leaking the URL', async () => {
      slack.handle(() => ({ body: 'ok', delayMs: 2000 }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const result = expectError(await rf.runAction({ type: 'slack', connector: 'security-alerts-channel', params: { message: 'hi' }, signal: controller.signal }));
      expect(Date.now() - started).to.be.lessThan(1500);
      expect(result.message).to.include('aborted');
      expect(result.retry).to.equal(false);
    });
  });

  describe('connector validation', () => {
    it('refuses a webhookUrl that is not an absolute http(s) URL, without repeating it', async () => {
      for (const bad of ['hooks.slack.com/services/T/B/sEcReTpath', 'ftp://hooks.slack.com/services/T/B/sEcReTpath']) {
        const err = await thrown(() => rf.relayflow.connectors.create({ type: 'slack', name: 'bad', secrets: { webhookUrl: bad } }));
        expect(err.code).to.equal('VALIDATION_FAILED');
        expect(err.message).to.include('secrets.webhookUrl');
        expectNoSecret(err, 'sEcReTpath', 'the error');
      }
    });

    it('refuses a webhook host that networking.allowedHosts does not allow, naming the host only', async () => {
      const err = await thrown(() => rf.relayflow.connectors.create({
        type: 'slack', name: 'elsewhere', secrets: { webhookUrl: 'https://hooks.example.com/services/T/B/sEcReTpath' },
      }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.message).to.include('secrets.webhookUrl').and.to.include('hooks.example.com').and.to.include('allowedHosts');
      expectNoSecret(err, 'sEcReTpath', 'the error');
    });

    it('never returns the webhook URL from the connector API', async () => {
      expectNoSecret(await rf.relayflow.connectors.get('security-alerts-channel'), HOOK_PATH, 'connectors.get');
      expectNoSecret(await rf.relayflow.connectors.list(), HOOK_PATH, 'connectors.list');
    });
  });

  describe('logging (runs last: the capture spans the whole suite)', () => {
    it('never writes the webhook URL to the logs', async () => {
      await post({ message: 'hi' });
      slack.handle(() => ({ status: 500, body: 'boom' }));
      await post({ message: 'hi' });
      const text = logs.text();
      expect(text).to.include('posting to a Slack incoming webhook');
      expectNoSecret(text, HOOK_PATH, 'the logs');
    });
  });
});
