import { expect } from 'chai';
import { createTestRelayflow, startStandIn, type RecordedRequest, type StandIn, type StandInReply, type TestRelayflow } from '@relayflow/sdk/testing';
import type { ActionError, ActionResult } from '@relayflow/sdk';
import slackPlugin from './index';
import { captureLogs, expectNoSecret, thrown, type LogCapture } from './test-support';

const TOKEN = 'xoxb-SeCrEtTk';
const CHANNELS: Record<string, string> = { C0GENERAL1: 'general', C0ALERTS22: 'alerts' };

/** Slack's Web API as far as these tests need it: checks the token, knows two channels. */
function webApi(req: RecordedRequest): StandInReply {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return { body: { ok: false, error: 'invalid_auth' } };
  const body = (req.json ?? {}) as Record<string, unknown>;
  switch (`${req.method} ${req.path}`) {
    case 'POST /api/chat.postMessage': {
      const channel = String(body.channel ?? '');
      const id = CHANNELS[channel] ? channel : Object.keys(CHANNELS).find((k) => `#${CHANNELS[k]}` === channel || CHANNELS[k] === channel);
      if (!id) return { body: { ok: false, error: 'channel_not_found' } };
      return { body: { ok: true, channel: id, ts: '1712345678.000100', message: { text: body.text, blocks: body.blocks, thread_ts: body.thread_ts } } };
    }
    case 'GET /api/conversations.info': {
      const id = req.query.channel;
      return CHANNELS[id] ? { body: { ok: true, channel: { id, name: CHANNELS[id] } } } : { body: { ok: false, error: 'channel_not_found' } };
    }
    case 'POST /api/auth.test':
      return { body: { ok: true, team: 'Relayflow', user: 'relayflow-bot', team_id: 'T0TEAM', user_id: 'U0BOT' } };
    default:
      return { status: 404, body: { ok: false, error: 'unknown_method' } };
  }
}

describe('slack_api (Web API)', () => {
  let slack: StandIn;
  let rf: TestRelayflow;
  let logs: LogCapture;

  before(async () => {
    slack = await startStandIn(webApi);
    logs = captureLogs();
    rf = await createTestRelayflow({
      plugins: [slackPlugin],
      connectors: [
        { type: 'slack_api', name: 'slack-bot', config: { apiUrl: `${slack.url}/api` }, secrets: { token: TOKEN } },
        {
          type: 'slack_api', name: 'slack-restricted',
          config: { apiUrl: `${slack.url}/api/`, allowedChannels: ['C0GENERAL1', { id: 'C0ALERTS22', name: '#alerts' }] },
          secrets: { token: TOKEN },
        },
      ],
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
    slack.handle(webApi);
  });

  const run = (action: string | undefined, params: unknown, connector = 'slack-bot'): Promise<ActionResult> =>
    rf.runAction({ type: 'slack_api', action, connector, params });
  const posted = (): unknown[] => slack.requests.map((r) => r.json);

  function expectError(result: ActionResult): ActionError {
    expect(result.status, JSON.stringify(result)).to.equal('error');
    expectNoSecret(result, TOKEN, 'the result');
    return result as ActionError;
  }

  describe('.postMessage (default action)', () => {
    it('calls chat.postMessage with the bearer token and returns Slack\'s JSON', async () => {
      const result = await run(undefined, { channel: 'C0GENERAL1', text: 'deploy finished' });
      expect(result).to.deep.equal({
        status: 'ok',
        data: { ok: true, channel: 'C0GENERAL1', ts: '1712345678.000100', message: { text: 'deploy finished' } },
      });
      const [req] = slack.requests;
      expect(req.method).to.equal('POST');
      expect(req.path).to.equal('/api/chat.postMessage');
      expect(req.headers.authorization).to.equal(`Bearer ${TOKEN}`);
      expect(req.headers['content-type']).to.match(/^application\/json/);
      expect(req.json).to.deep.equal({ channel: 'C0GENERAL1', text: 'deploy finished' });
    });

    it('takes the channel from channel, channelIds, channelNames or channels', async () => {
      await run('postMessage', { channelIds: ['C0ALERTS22'], text: 'a' });
      await run('postMessage', { channelNames: ['#general'], text: 'b' });
      await run('postMessage', { channels: ['C0GENERAL1'], text: 'c' });
      await run('postMessage', { channel: '#alerts', text: 'd' });
      expect(posted()).to.deep.equal([
        { channel: 'C0ALERTS22', text: 'a' }, { channel: '#general', text: 'b' },
        { channel: 'C0GENERAL1', text: 'c' }, { channel: '#alerts', text: 'd' },
      ]);
    });

    it('follows the pinned precedence channel > channelIds > channelNames > channels, and warns', async () => {
      const all = { channelNames: ['#general'], channelIds: ['C0ALERTS22'], channels: ['C0GENERAL1'], text: 't' };
      await run('postMessage', { ...all, channel: 'C0GENERAL1' });
      await run('postMessage', all);
      await run('postMessage', { channelNames: ['#general'], channels: ['C0ALERTS22'], text: 't' });
      await run('postMessage', { channel: '', channelIds: [], channelNames: ['#alerts'], text: 't' });
      expect(posted().map((b) => (b as { channel: string }).channel)).to.deep.equal(['C0GENERAL1', 'C0ALERTS22', '#general', '#alerts']);
      expect(logs.text()).to.include('posting to channelIds, ignoring channelNames, channels');
    });

    it('sends blocks and threadTs as Slack\'s blocks and thread_ts', async () => {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*done*' } }];
      const result = await run('postMessage', { channel: 'C0GENERAL1', text: 'done', blocks: JSON.stringify(blocks), threadTs: '1712345678.000100' });
      expect(result.status).to.equal('ok');
      expect(posted()).to.deep.equal([{ channel: 'C0GENERAL1', text: 'done', blocks, thread_ts: '1712345678.000100' }]);
    });

    it('posts to the first of several channels (as Kibana does) and records a warning in the output', async () => {
      const result = await run('postMessage', { channelIds: ['C0GENERAL1', 'C0ALERTS22'], text: 'two' });
      expect(result.status).to.equal('ok');
      const warning = 'channelIds holds 2 channels: posted to the first, C0GENERAL1, not to C0ALERTS22 (to post to each, use foreach)';
      expect((result as { data: unknown }).data).to.deep.equal({
        ok: true, channel: 'C0GENERAL1', ts: '1712345678.000100', message: { text: 'two' }, warnings: [warning],
      });
      expect(logs.text()).to.include(warning);
      await run('postMessage', { channelNames: ['#alerts', '#general'], text: 'names' });
      await run('postMessage', { channels: ['C0ALERTS22', 'C0GENERAL1', 'C0NOWHERE0'], text: 'deprecated' });
      const card = await run('postBlockkit', { channelIds: ['C0GENERAL1', 'C0ALERTS22'], text: '{"blocks":[{"type":"divider"}]}' });
      expect((card as { data: { warnings: string[] } }).data.warnings).to.have.length(1);
      expect(posted().map((b) => (b as { channel: string }).channel)).to.deep.equal(['C0GENERAL1', '#alerts', 'C0ALERTS22', 'C0GENERAL1']);
      // One channel: no warnings key at all.
      expect((await run('postMessage', { channelIds: ['C0GENERAL1'], text: 'one' }) as { data: object }).data).to.not.have.property('warnings');
    });

    it('checks only the channel it posts to against allowedChannels', async () => {
      const ok = await run('postMessage', { channelIds: ['C0ALERTS22', 'C0NOTALLOWED'], text: 'x' }, 'slack-restricted');
      expect(ok.status).to.equal('ok');
      const err = await thrown(() => run('postMessage', { channelIds: ['C0NOTALLOWED', 'C0ALERTS22'], text: 'x' }, 'slack-restricted'));
      expect(err.message).to.include('channel "C0NOTALLOWED" (from channelIds) is not in the allowed channels');
      expect(posted()).to.deep.equal([{ channel: 'C0ALERTS22', text: 'x' }]);
    });

    it('records the warning in the workflow step\'s output', async () => {
      const record = await rf.runWorkflow([
        'name: multi', 'steps:',
        '  - { name: post, type: slack_api, connector-id: slack-bot, with: { channelIds: [C0GENERAL1, C0ALERTS22], text: hi } }', '',
      ].join('\n'));
      expect(record.status).to.equal('completed');
      expect((record.steps[0].output as { warnings: string[] }).warnings).to.deep.equal([
        'channelIds holds 2 channels: posted to the first, C0GENERAL1, not to C0ALERTS22 (to post to each, use foreach)',
      ]);
    });

    it('refuses params without a channel, or with malformed fields, sending nothing', async () => {
      const cases: Array<[unknown, string]> = [
        [{ text: 'x' }, 'a channel is required: set one of channel, channelIds, channelNames'],
        [{ channel: '', channelIds: [], text: 'x' }, 'a channel is required'],
        [{ channelNames: ['#general', 'general'], text: 'x' }, 'channelNames entries must start with #'],
        [{ channelNames: ['general'], text: 'x' }, 'channelNames entries must start with #'],
        [{ channel: 42, text: 'x' }, 'channel must be a string'],
        [{ channel: 'C0GENERAL1' }, 'missing required key "text"'],
        [{ channel: 'C0GENERAL1', text: '' }, 'text'],
        [{ channel: 'C0GENERAL1', text: 'x', threadTs: 'yesterday' }, 'threadTs must be a Slack message timestamp'],
        [{ channel: 'C0GENERAL1', text: 'x', blocks: '{"nope": 1}' }, 'blocks must be a non-empty array'],
        [{ channel: 'C0GENERAL1', text: 'x', chanel: 'typo' }, 'unknown key "chanel"'],
      ];
      for (const [params, message] of cases) {
        const err = await thrown(() => run('postMessage', params));
        expect(err.code, JSON.stringify(params)).to.equal('VALIDATION_FAILED');
        expect(err.message, JSON.stringify(params)).to.include(message);
      }
      expect(slack.requests).to.have.length(0);
    });

    it('is an error carrying Slack\'s code (and a hint) when Slack answers ok: false', async () => {
      const result = expectError(await run('postMessage', { channel: 'C0NOWHERE0', text: 'x' }));
      expect(result.serviceMessage).to.equal('channel_not_found');
      expect(result.message).to.include('error posting slack message: channel_not_found').and.to.include('check the channel id');
      expect(result.retry).to.equal(false);
    });

    it('carries Slack\'s explanation from response_metadata, and retries transient codes', async () => {
      slack.handle(() => ({ body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] missing required field: text [json-pointer:/blocks/0/text]'] } } }));
      const invalid = expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' }));
      expect(invalid.message).to.include('invalid_blocks — [ERROR] missing required field: text');
      expect(invalid.retry).to.equal(false);
      slack.handle(() => ({ body: { ok: false, error: 'internal_error' } }));
      expect(expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' })).retry).to.equal(true);
    });

    it('says the token is wrong without showing it', async () => {
      await rf.relayflow.connectors.create({ type: 'slack_api', name: 'wrong-token', config: { apiUrl: `${slack.url}/api` }, secrets: { token: 'xoxb-WrOnGtk' } });
      const result = await rf.runAction({ type: 'slack_api', connector: 'wrong-token', params: { channel: 'C0GENERAL1', text: 'x' } });
      expect(result.status).to.equal('error');
      expect((result as ActionError).message).to.include('invalid_auth').and.to.include("secrets.token");
      expectNoSecret(result, 'xoxb-WrOnGtk', 'the result');
    });

    it('retries at Retry-After on 429 (delta-seconds and HTTP-date)', async () => {
      slack.handle(() => ({ status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } }));
      const before = Date.now();
      const seconds = expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' }));
      expect((seconds.retry as Date).getTime()).to.be.within(before + 6_000, Date.now() + 8_000);
      expect(seconds.serviceMessage).to.equal('ratelimited');
      expect(seconds.message).to.include('429').and.to.include('retry at');

      const when = new Date(Math.ceil((Date.now() + 45_000) / 1000) * 1000);
      slack.handle(() => ({ status: 429, headers: { 'retry-after': when.toUTCString() }, body: { ok: false, error: 'ratelimited' } }));
      const date = expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' }));
      expect((date.retry as Date).toISOString()).to.equal(when.toISOString());
    });

    it('is retryable on 5xx and not on other HTTP errors or a non-JSON body', async () => {
      slack.handle(() => ({ status: 502, body: '<html>bad gateway</html>' }));
      const bad = expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' }));
      expect(bad.retry).to.equal(true);
      expect(bad.message).to.include('502');
      slack.handle(() => ({ status: 404, body: { ok: false, error: 'unknown_method' } }));
      const notFound = expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' }));
      expect(notFound.retry).to.equal(false);
      expect(notFound.serviceMessage).to.equal('unknown_method');
      slack.handle(() => ({ status: 200, body: '<html>proxy login</html>', headers: { 'content-type': 'text/html' } }));
      const html = expectError(await run('postMessage', { channel: 'C0GENERAL1', text: 'x' }));
      expect(html.message).to.include('not JSON');
      expect(html.retry).to.equal(false);
    });
  });

  describe('allowedChannels', () => {
    it('lets listed ids and names through (with or without #, either field of {id, name})', async () => {
      for (const params of [{ channel: 'C0GENERAL1' }, { channelIds: ['C0ALERTS22'] }, { channelNames: ['#alerts'] }, { channel: 'alerts' }]) {
        expect((await run('postMessage', { ...params, text: 'ok' }, 'slack-restricted')).status, JSON.stringify(params)).to.equal('ok');
      }
      expect(slack.requests.map((r) => r.path)).to.deep.equal(Array(4).fill('/api/chat.postMessage'));
    });

    it('refuses any other channel with a clear message, sending nothing', async () => {
      for (const params of [{ channel: 'C0RANDOM99' }, { channelNames: ['#random'] }, { channelNames: ['#general'] }]) {
        const err = await thrown(() => run('postMessage', { ...params, text: 'x' }, 'slack-restricted'));
        expect(err.code).to.equal('VALIDATION_FAILED');
        expect(err.message).to.match(/^channel "#?\w+" \(from \w+\) is not in the allowed channels of connector "slack-restricted" \(C0GENERAL1, C0ALERTS22 \/ #alerts\)/);
      }
      const blockkit = await thrown(() => run('postBlockkit', { channel: 'C0RANDOM99', text: '{"blocks":[{"type":"divider"}]}' }, 'slack-restricted'));
      expect(blockkit.message).to.include('is not in the allowed channels');
      expect(slack.requests).to.have.length(0);
    });

    it('checks the channel that precedence chose, not the ignored ones', async () => {
      const err = await thrown(() => run('postMessage', { channelIds: ['C0RANDOM99'], channelNames: ['#alerts'], text: 'x' }, 'slack-restricted'));
      expect(err.message).to.include('channel "C0RANDOM99" (from channelIds)');
    });

    it('refuses malformed allow-list entries at create', async () => {
      const err = await thrown(() => rf.relayflow.connectors.create({
        type: 'slack_api', name: 'bad-list', config: { apiUrl: `${slack.url}/api`, allowedChannels: ['C1', { channel: 'x' }, ''] }, secrets: { token: TOKEN },
      }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.message).to.include('allowedChannels entries must each be a channel id');
    });
  });

  describe('.postBlockkit', () => {
    it('posts the blocks (and text fallback) of a Block Kit JSON body', async () => {
      const body = { text: 'fallback', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Alert' } }] };
      const result = await run('postBlockkit', { channelIds: ['C0GENERAL1'], text: JSON.stringify(body), threadTs: '1712345678.000100' });
      expect(result.status).to.equal('ok');
      expect(posted()).to.deep.equal([{ channel: 'C0GENERAL1', ...body, thread_ts: '1712345678.000100' }]);
      await run('postBlockkit', { channel: 'C0GENERAL1', text: { blocks: body.blocks } });
      expect(posted()[1]).to.deep.equal({ channel: 'C0GENERAL1', blocks: body.blocks });
    });

    it('refuses a body that is not JSON or has no blocks, saying which', async () => {
      const notJson = await thrown(() => run('postBlockkit', { channel: 'C0GENERAL1', text: 'abc' }));
      expect(notJson.message).to.include('text: block kit body is not valid JSON - ');
      const noBlocks = await thrown(() => run('postBlockkit', { channel: 'C0GENERAL1', text: '{"text": "hi"}' }));
      expect(noBlocks.message).to.include('block kit body must contain field "blocks"');
      const missing = await thrown(() => run('postBlockkit', { channel: 'C0GENERAL1' }));
      expect(missing.message).to.include('missing required key "text"');
      expect(slack.requests).to.have.length(0);
    });
  });

  describe('.validChannelId', () => {
    it('looks the id up with conversations.info and returns the channel', async () => {
      const result = await run('validChannelId', { channelId: 'C0ALERTS22' });
      expect(result).to.deep.equal({ status: 'ok', data: { ok: true, channel: { id: 'C0ALERTS22', name: 'alerts' } } });
      expect(slack.requests[0].method).to.equal('GET');
      expect(slack.requests[0].headers.authorization).to.equal(`Bearer ${TOKEN}`);
    });

    it('URL-encodes the id and reports an unknown one with Slack\'s code', async () => {
      const result = expectError(await run('validChannelId', { channelId: 'C0X&channel=C0GENERAL1' }));
      expect(slack.requests[0].query).to.deep.equal({ channel: 'C0X&channel=C0GENERAL1' });
      expect(result.serviceMessage).to.equal('channel_not_found');
      expect(result.message).to.include('error checking slack channel');
      const empty = await thrown(() => run('validChannelId', { channelId: '' }));
      expect(empty.code).to.equal('VALIDATION_FAILED');
    });

    it('retries at Retry-After on 429', async () => {
      slack.handle(() => ({ status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } }));
      expect(expectError(await run('validChannelId', { channelId: 'C0ALERTS22' })).retry).to.be.instanceOf(Date);
    });
  });

  describe('connector', () => {
    it('has a built-in test (auth.test)', async () => {
      const result = await rf.relayflow.testConnector('slack-bot');
      expect(result).to.deep.include({ status: 'ok' });
      expect((result as { data: { team: string } }).data.team).to.equal('Relayflow');
      expect(slack.requests[0].path).to.equal('/api/auth.test');
    });

    it('refuses at create an apiUrl (or the default slack.com) that allowedHosts does not allow', async () => {
      const strict = await createTestRelayflow({ plugins: [slackPlugin], config: { networking: { allowedHosts: ['127.0.0.1'] } } });
      try {
        const byDefault = await thrown(() => strict.relayflow.connectors.create({ type: 'slack_api', name: 'a', secrets: { token: TOKEN } }));
        expect(byDefault.code).to.equal('VALIDATION_FAILED');
        expect(byDefault.message).to.include('https://slack.com/api').and.to.include('"slack.com" is not allowed');
        const proxied = await thrown(() => strict.relayflow.connectors.create({ type: 'slack_api', name: 'b', config: { apiUrl: 'https://slack-proxy.example.com/api' }, secrets: { token: TOKEN } }));
        expect(proxied.message).to.include('config.apiUrl').and.to.include('slack-proxy.example.com');
        const notUrl = await thrown(() => strict.relayflow.connectors.create({ type: 'slack_api', name: 'c', config: { apiUrl: 'slack' }, secrets: { token: TOKEN } }));
        expect(notUrl.message).to.include('config.apiUrl');
        expectNoSecret([byDefault.message, proxied.message, notUrl.message], TOKEN, 'the errors');
      } finally {
        await strict.stop();
      }
    });

    it('needs a token', async () => {
      const err = await thrown(() => rf.relayflow.connectors.create({ type: 'slack_api', name: 'no-token', config: { apiUrl: `${slack.url}/api` } }));
      expect(err.message).to.include('missing required key "token"');
    });
  });

  describe('logging (runs last: the capture spans the whole suite)', () => {
    it('never writes the token to the logs', async () => {
      await run('postMessage', { channel: 'C0GENERAL1', text: 'x' });
      const text = logs.text();
      expect(text).to.include('posting to Slack');
      expectNoSecret(text, TOKEN, 'the logs');
    });
  });
});
