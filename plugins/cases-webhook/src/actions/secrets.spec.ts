import { expect } from 'chai';
import { recordingLogger, type RecordedRequest } from '@relayflow/sdk/testing';
import { startHarness, type Harness } from '../testing/harness';

/** A remote that echoes what it received (headers and body) in its answers, as careless APIs do. */
const echoing = (status: number) => (req: RecordedRequest) => {
  if (req.path === '/oauth/token') return { body: { access_token: 'at-issued-token-777', expires_in: 3600 } };
  return { status, body: { receivedHeaders: req.headers, receivedBody: req.body, id: 'E-1', key: 'E-1' } };
};

describe('cases-webhook secrets', () => {
  let h: Harness | undefined;
  let log: ReturnType<typeof recordingLogger>;
  beforeEach(() => {
    log = recordingLogger();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const expectClean = (value: unknown, secrets: string[]) => {
    const text = JSON.stringify(value) + log.text();
    for (const s of secrets) expect(text, `leaked ${s}`).not.to.include(s);
  };

  it('keeps basic credentials and secret headers out of results, errors and logs', async () => {
    const password = 'b4sic-p4ssword';
    const basic = Buffer.from(`relay-user:${password}`).toString('base64');
    h = await startHarness({
      config: { hasAuth: true, authType: 'basic' },
      secrets: { user: 'relay-user', password, secretHeaders: { 'X-Api-Key': 'sk-live-abcdef123456' } },
      override: echoing(400),
      logger: log.logger,
    });
    const failed = await h.push({ incident: { title: 't' }, comments: [{ comment: 'c' }] });
    expect(failed.status).to.equal('error');
    expect(JSON.stringify(failed)).to.include('[REDACTED]');
    expectClean(failed, [password, basic, 'sk-live-abcdef123456']);

    h.standIn.handle(echoing(200));
    const pushed = await h.push({ incident: { title: 't' } });
    expect(pushed.status).to.equal('ok');
    expectClean(pushed, [password, basic, 'sk-live-abcdef123456']);
    expect(log.text()).to.include('pushed case E-1');
  });

  it('keeps the OAuth2 client secret and the access token out of errors', async () => {
    h = await startHarness({
      config: (base) => ({ hasAuth: true, authType: 'oauth2-client-credentials', accessTokenUrl: `${base}/oauth/token`, clientId: 'cid' }),
      secrets: { clientSecret: 'oauth-client-secret-42' },
      override: echoing(400),
      logger: log.logger,
    });
    const failed = await h.push({ incident: { title: 't' } });
    expect(failed.status).to.equal('error');
    expectClean(failed, ['oauth-client-secret-42', 'at-issued-token-777']);
  });
});
