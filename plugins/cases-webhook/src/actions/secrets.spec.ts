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

  it('sends none of the leftover credentials of a hasAuth: false connector, and keeps them out of results', async () => {
    const password = 'leftover-p4ssword';
    h = await startHarness({ config: { hasAuth: false }, secrets: { user: 'old-user', password }, override: echoing(200), logger: log.logger });
    const pushed = await h.push({ incident: { title: 't' } });
    expect(pushed.status).to.equal('ok');
    expect(h.standIn.requests.length).to.be.greaterThan(0);
    for (const req of h.standIn.requests) expect(req.headers).to.not.have.property('authorization');
    expectClean(pushed, [password, Buffer.from(`old-user:${password}`).toString('base64')]);
  });

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

  it('keeps every secret out of a failed workflow\'s record and logs, even when the remote echoes them', async () => {
    const password = 'wf-b4sic-p4ssword';
    const basic = Buffer.from(`relay-user:${password}`).toString('base64');
    const apiKey = 'sk-live-wf-987654';
    h = await startHarness({
      config: { hasAuth: true, authType: 'basic' },
      secrets: { user: 'relay-user', password, secretHeaders: { 'X-Api-Key': apiKey } },
      override: echoing(500),
      logger: log.logger,
    });
    const record = await h.rf.runWorkflow(`
name: open-case
steps:
  - name: open_case
    type: cases-webhook
    connector-id: cases
    on-failure: { retry: { max-attempts: 2, delay: 10ms } }
    with:
      incident: { title: "Disk full" }
  - name: read_back
    type: cases-webhook.getIncident
    connector-id: cases
    on-failure: { continue: true }
    with: { externalId: "E-1" }
`);
    expect(record.status).to.equal('failed');
    const step = record.steps.find((s) => s.name === 'open_case')!;
    expect(step).to.deep.include({ status: 'failed', attempts: 2 });
    expect(step.error?.message).to.match(/^error creating case \(POST http:\/\/127\.0\.0\.1:\d+\/rest\/api\/2\/issue\): 500 Internal Server Error/);
    // The remote did receive the credentials (and echoed them): the record and logs must not.
    expect(h.standIn.requests[0].headers.authorization).to.equal(`Basic ${basic}`);
    expect(h.standIn.requests[0].headers['x-api-key']).to.equal(apiKey);
    const stored = await h.rf.relayflow.executions.get(record.id);
    expect(JSON.stringify(stored)).to.include('[REDACTED]');
    expectClean([record, stored], [password, basic, apiKey]);
  });

  it('keeps credentials written into a configured URL out of messages, the record and logs', async () => {
    h = await startHarness({
      config: (base) => ({ createIncidentUrl: base.replace('http://', 'http://svc:hunter2pw@') + '/rest/api/2/issue' }),
      override: (req) => req.method === 'POST' ? { status: 400, body: { errorMessages: ['Project is archived'], errors: { project: 'read only' } } } : undefined,
      logger: log.logger,
    });
    const failed = await h.push({ incident: { title: 't' } });
    expect(failed).to.deep.include({ status: 'error', serviceMessage: 'Project is archived; project: read only' });
    expect((failed as { message: string }).message).to.match(/^error creating case \(POST http:\/\/127\.0\.0\.1:\d+\/rest\/api\/2\/issue\): 400 Bad Request/);
    const record = await h.rf.runWorkflow('name: w\nsteps:\n  - { name: open, type: cases-webhook, connector-id: cases, with: { incident: { title: t } } }\n');
    expect(record.steps[0].error?.message).to.include('error creating case (POST http://127.0.0.1:');
    const stored = await h.rf.relayflow.executions.get(record.id);
    // The URL's credentials were used for the request (as HTTP basic auth), so the test is real.
    expect(h.standIn.requests[0].headers.authorization).to.equal(`Basic ${Buffer.from('svc:hunter2pw').toString('base64')}`);
    expectClean([failed, record, stored], ['hunter2pw', Buffer.from('svc:hunter2pw').toString('base64')]);
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
