import { expect } from 'chai';
import { createTestRelayflow, recordingLogger, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import slackPlugin from './index';
import { expectNoSecret } from './test-support';

const HOOK_PATH = '/services/T0WFWFWFW/B0WFWFWFW/wFhOoKsEcReT0123456789';
const TOKEN = 'fake-slack-token-for-workflow-tests';

const WORKFLOW = `
name: notify
steps:
  - name: notify_channel
    type: slack
    connector-id: alerts-hook
    on-failure: { retry: { max-attempts: 2, delay: 10ms } }
    with:
      message: "Disk full on {{ event.host }}"
  - name: post_to_bot
    type: slack_api
    connector-id: slack-bot
    on-failure: { continue: true }
    with:
      channel: C0GENERAL1
      text: "Disk full"
`;

/**
 * Failing steps in a workflow, against a Slack stand-in that echoes what it received (the
 * webhook path and the Authorization header) in its error bodies: neither the execution record
 * (returned and stored) nor any log line may carry a secret.
 */
describe('slack workflows that fail', () => {
  let slack: StandIn;
  let rf: TestRelayflow;
  let log: ReturnType<typeof recordingLogger>;

  before(async () => {
    slack = await startStandIn((req) => {
      if (req.path.startsWith('/api/')) {
        return { status: 401, body: { ok: false, error: 'invalid_auth', received: req.headers.authorization } };
      }
      return { status: 500, body: `no_service: nothing listens at ${req.url} (${slack.url}${req.url})` };
    });
    log = recordingLogger();
    rf = await createTestRelayflow({
      plugins: [slackPlugin],
      logger: log.logger,
      connectors: [
        { type: 'slack', name: 'alerts-hook', secrets: { webhookUrl: `${slack.url}${HOOK_PATH}` } },
        { type: 'slack_api', name: 'slack-bot', config: { apiUrl: `${slack.url}/api` }, secrets: { token: TOKEN } },
      ],
      config: { networking: { allowedHosts: ['127.0.0.1'] } },
    });
  });

  after(async () => {
    await rf?.stop();
    await slack?.close();
  });

  it('keeps the webhook URL and the token out of the record and the logs', async () => {
    const record = await rf.runWorkflow(WORKFLOW, { event: { host: 'web-1' } });
    expect(record.status).to.equal('failed');
    expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['notify_channel', 'failed', 2]]);
    expect(record.steps[0].error?.message).to.match(/500/);

    const continued = await rf.runWorkflow(WORKFLOW.replace('on-failure: { retry: { max-attempts: 2, delay: 10ms } }', 'on-failure: { continue: true }'), { event: { host: 'web-2' } });
    expect(continued.steps.map((s) => [s.name, s.status])).to.deep.equal([['notify_channel', 'failed'], ['post_to_bot', 'failed']]);
    expect(continued.steps[1].error?.message).to.include('invalid_auth');

    // The stand-in did receive (and echo) the secrets, so the assertions below are not vacuous.
    expect(slack.requests.some((r) => r.path === HOOK_PATH)).to.equal(true);
    expect(slack.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).to.equal(true);

    const stored = [await rf.relayflow.executions.get(record.id), await rf.relayflow.executions.get(continued.id)];
    for (const [what, value] of [['the records', [record, continued]], ['the stored records', stored], ['the logs', log.text()]] as const) {
      for (const secret of [HOOK_PATH, HOOK_PATH.split('/').pop()!, `${slack.url}${HOOK_PATH}`, TOKEN]) expectNoSecret(value, secret, what);
    }
    expect(log.lines.length).to.be.greaterThan(0);
  });
});
