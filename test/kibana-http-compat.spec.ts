import { expect } from 'chai';
import { createTestRelayflow, recordingLogger, startStandIn, type LogLine, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import httpPlugin from '@relayflow/plugin-http';
import { failed, okOutput } from './support/http-results';
import { rejectionOf } from './support/errors';

const QUERY_SECRET = 'qk-7Hq2-secret-Zr81';
const HEADER_SECRET = 'hk-9Wd4-secret-Pq55';
const PASSWORD = 'pw-3Lm8-secret-Xy02';
const LEGACY_TOKEN = 'lg-5Tr2-token-Wq77';

/** Fails when a secret (or its URL-encoded form) appears anywhere in `value`. */
function expectNoSecrets(value: unknown, what: string): void {
  const text = JSON.stringify(value);
  for (const secret of [QUERY_SECRET, HEADER_SECRET, PASSWORD, encodeURIComponent('a b&c=d')]) expect(text, what).to.not.include(secret);
}

/** Kibana's HTTP connector behaviours a migrated configuration relies on, against a stand-in that records what it received. */
describe('http connector: Kibana compatibility', () => {
  let api: StandIn;
  let other: StandIn;
  let rf: TestRelayflow;
  let logs: LogLine[];
  /** Echoes what it received, the query and the secret header included (as a careless service might). */
  const echo = (req: { path: string; query: Record<string, string>; headers: Record<string, unknown> }) => ({
    body: { path: req.path, query: req.query, apiKey: req.headers['x-api-key'] ?? null, auth: req.headers.authorization ?? null },
  });

  before(async () => {
    api = await startStandIn(echo);
    other = await startStandIn(echo);
    const recorded = recordingLogger();
    logs = recorded.lines;
    rf = await createTestRelayflow({
      plugins: [httpPlugin],
      logger: recorded.logger,
      config: { networking: { allowedHosts: ['127.0.0.1'] } },
      connectors: [
        { type: 'http', name: 'api', config: { url: api.url } },
        {
          type: 'http', name: 'query-key', config: { url: `${api.url}/v1?keep=1&key=from-config` },
          secrets: { secretQueryParams: { key: QUERY_SECRET, 'odd name': 'a b&c=d' } },
        },
        {
          // Kibana's shape: no base url, only auth and headers; the URL comes from each step.
          type: 'http', name: 'no-url',
          config: { headers: { 'X-Team': 'secops' }, allowedOrigins: [api.url] },
          secrets: { user: 'svc-user', password: PASSWORD, secretHeaders: { 'X-Api-Key': HEADER_SECRET }, secretQueryParams: { key: QUERY_SECRET } },
        },
        { type: 'http', name: 'headers-only', config: { headers: { 'X-Team': 'secops' } } },
        {
          // Kibana's older .webhook connectors carry their token in plain config.headers (before secretHeaders existed).
          type: 'http', name: 'legacy-webhook',
          config: { url: `${api.url}/hook`, method: 'post', headers: { Authorization: `Bearer ${LEGACY_TOKEN}`, Cookie: `sid=${LEGACY_TOKEN}`, 'X-Team': 'secops' } },
        },
        {
          type: 'http', name: 'two-origins', config: { url: `${api.url}/base`, allowedOrigins: [other.url] },
          secrets: { secretHeaders: { 'X-Api-Key': HEADER_SECRET } },
        },
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
    api.handle(echo);
    logs.length = 0;
  });
  const run = (connector: string | undefined, params: Record<string, unknown>) => rf.runAction({ type: 'http', connector, params });

  describe('secrets.secretQueryParams', () => {
    it('adds the secret parameters to the query, replacing the url\'s own of the same name, and redacts them from the output', async () => {
      const out = okOutput(await run('query-key', { path: '/items', query: { page: 2 } }));
      const [req] = api.requests;
      expect(req.path).to.equal('/v1/items');
      expect(req.query).to.deep.equal({ keep: '1', page: '2', key: QUERY_SECRET, 'odd name': 'a b&c=d' });
      expect(req.url).to.include(`key=${QUERY_SECRET}`).and.not.include('from-config');
      expect(out.data).to.deep.equal({ path: '/v1/items', query: { keep: '1', page: '2', key: '[REDACTED]', 'odd name': '[REDACTED]' }, apiKey: null, auth: null });
    });

    it('lets a parameter the step gives itself win', async () => {
      okOutput(await run('query-key', { query: { key: 'step-chosen' } }));
      okOutput(await run('query-key', { path: '/x?key=from-path' }));
      expect(api.requests.map((r) => r.query.key)).to.deep.equal(['step-chosen', 'from-path']);
    });

    it('keeps them out of errors, records and logs, even when the service echoes them', async () => {
      api.handle((req) => ({ status: 400, body: { message: `bad key ${req.query.key}`, url: req.url } }));
      const err = failed(await run('query-key', { path: '/fail' }));
      expect(err.serviceMessage).to.equal('bad key [REDACTED]');
      expectNoSecrets(err, 'the error');
      const record = await rf.runWorkflow('name: q\nsteps:\n  - { name: call, type: http, connector-id: query-key, on-failure: { continue: true }, with: { path: /wf } }\n');
      expect(record.steps[0].status).to.equal('failed');
      expectNoSecrets(record, 'the record');
      expectNoSecrets(await rf.relayflow.executions.get(record.id), 'the stored record');
      expectNoSecrets(logs, 'the logs');
      expect(api.requests.every((r) => r.query.key === QUERY_SECRET)).to.equal(true);
    });

    it('never names a secret query parameter\'s value in a transport error', async () => {
      const down = await startStandIn(() => ({ body: {} }));
      const url = down.url;
      await down.close();
      await rf.relayflow.connectors.create({ type: 'http', name: 'down', config: { url }, secrets: { secretQueryParams: { key: QUERY_SECRET } } });
      const err = failed(await run('down', { path: '/x' }));
      expect(err.retry).to.equal(true);
      expectNoSecrets(err, 'the error');
    });
  });

  describe('a connector without a base url (the URL per step)', () => {
    it('sends its credentials to the origins it lists: auth, secret headers and secret query parameters', async () => {
      const out = okOutput(await run('no-url', { url: `${api.url}/v2/alerts`, method: 'POST', body: { a: 1 } }));
      const [req] = api.requests;
      expect(req).to.include({ method: 'POST', path: '/v2/alerts' });
      expect(req.headers['x-api-key']).to.equal(HEADER_SECRET);
      expect(req.headers['x-team']).to.equal('secops');
      expect(req.headers.authorization).to.equal(`Basic ${Buffer.from(`svc-user:${PASSWORD}`).toString('base64')}`);
      expect(req.query.key).to.equal(QUERY_SECRET);
      expectNoSecrets(out, 'the output');
    });

    it('sends a step URL on any other origin without them (plain config headers only), and logs a warning', async () => {
      okOutput(await run('no-url', { url: `${other.url}/collect?x=1` }));
      const [req] = other.requests;
      expect(req.headers['x-team']).to.equal('secops');
      expect(req.headers).to.not.have.any.keys('x-api-key', 'authorization');
      expect(req.query).to.deep.equal({ x: '1' });
      expect(logs.some((l) => l.level === 'warn' && l.message.includes('sending without the connector\'s credentials'))).to.equal(true);
      expectNoSecrets(logs, 'the logs');
    });

    it('sends credentials to allowedOrigins besides its url\'s origin, and nowhere else', async () => {
      okOutput(await run('two-origins', { path: '/own' }));
      okOutput(await run('two-origins', { url: `${other.url}/listed` }));
      expect(api.requests[0].headers['x-api-key']).to.equal(HEADER_SECRET);
      expect(other.requests[0].headers['x-api-key']).to.equal(HEADER_SECRET);
      const third = await startStandIn(echo);
      try {
        okOutput(await run('two-origins', { url: `${third.url}/elsewhere` }));
        expect(third.requests[0].headers).to.not.have.property('x-api-key');
      } finally {
        await third.close();
      }
    });

    it('counts an Authorization or Cookie in config.headers as credentials: kept home like the others', async () => {
      okOutput(await run('legacy-webhook', { body: '{}' }));
      expect(api.requests[0].headers.authorization).to.equal(`Bearer ${LEGACY_TOKEN}`);
      expect(api.requests[0].headers.cookie).to.equal(`sid=${LEGACY_TOKEN}`);
      okOutput(await run('legacy-webhook', { url: `${other.url}/elsewhere`, body: '{}' }));
      const [req] = other.requests;
      expect(req).to.include({ method: 'POST', path: '/elsewhere' });
      expect(req.headers['x-team']).to.equal('secops');
      expect(req.headers).to.not.have.any.keys('authorization', 'cookie');
      expect(logs.some((l) => l.level === 'warn' && l.message.includes('sending without the connector\'s credentials'))).to.equal(true);
      // Without a url, such a connector lists where they may go, as for secrets.
      const noOrigins = await rejectionOf(rf.relayflow.connectors.create({ type: 'http', name: 'legacy-no-url', config: { headers: { authorization: 'Bearer x-legacy-token' } } }));
      expect(noOrigins.problems.map((p) => p.path)).to.deep.equal(['config.allowedOrigins']);
    });

    it('needs with.url at each step, saying the connector has none', async () => {
      const err = await rejectionOf(run('headers-only', { path: '/x' }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.message).to.equal('with.url is required: connector "headers-only" has no url (give the step a with.url, or the connector a url)');
      okOutput(await run('headers-only', { url: `${other.url}/x` }));
      expect(other.requests[0].headers['x-team']).to.equal('secops');
    });

    it('refuses credentials with no url and no allowedOrigins, and malformed or disallowed origins, at save', async () => {
      const noOrigins = await rejectionOf(rf.relayflow.connectors.create({ type: 'http', name: 'leaky', secrets: { secretHeaders: { 'X-Api-Key': HEADER_SECRET } } }));
      expect(noOrigins.code).to.equal('VALIDATION_FAILED');
      expect(noOrigins.problems.map((p) => p.path)).to.deep.equal(['config.allowedOrigins']);
      expect(noOrigins.message).to.include('the connector has credentials but no url: list the origins they may be sent to');
      const bad = await rejectionOf(rf.relayflow.connectors.create({
        type: 'http', name: 'bad-origins', config: { allowedOrigins: [`${api.url}/path`, 'ftp://127.0.0.1', 'https://evil.example.com', 'nope'] },
        secrets: { user: 'user', password: PASSWORD },
      }));
      expect(bad.problems.map((p) => p.message)).to.deep.equal([
        `config.allowedOrigins.0: must be an origin only, scheme://host[:port], without a path, query or credentials (e.g. ${api.url})`,
        'config.allowedOrigins.1: must be an http or https origin (got ftp:)',
        'config.allowedOrigins.2: host "evil.example.com" is not allowed by networking.allowedHosts (127.0.0.1); add it there to allow it',
        'config.allowedOrigins.3: must be an origin such as https://api.example.com (got "nope")',
      ]);
      expectNoSecrets(bad, 'the error');
    });
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
