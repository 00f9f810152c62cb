import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRelayflow, recordingLogger, startStandIn, type LogLine, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import casesWebhookPlugin from '@relayflow/plugin-cases-webhook';
import httpPlugin from '@relayflow/plugin-http';
import { defineConnectorType, definePlugin, IsString, ok } from '@relayflow/sdk';
import { failed } from './support/http-results';
import { rejectionOf } from './support/errors';
import { ROOT, runCli } from './support/cli';
import { tempDir } from './support/temp-dir';

class WordSecrets { @IsString() password!: string; }

/** Logs what a service answered, as a plugin might. */
const wordLogger = definePlugin({
  id: 'echo-words', sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(defineConnectorType({
      id: 'echo-words', name: 'Echo words', config: class {}, secrets: WordSecrets, defaultAction: 'log',
      actions: {
        log: {
          params: class {},
          async execute({ logger, secrets }) {
            logger.info(`the service said: wrong ${secrets.password} for request`);
            return ok({});
          },
        },
      },
    }));
  },
});

/**
 * Secrets that are ordinary words (Kibana users have `password` as a password): redaction hides
 * them in what came from outside — responses, service errors, plugin logs — and leaves
 * Relayflow's own field names and messages as written.
 */
describe('redaction of secrets that are ordinary words', () => {
  let api: StandIn;
  let rf: TestRelayflow;
  let logs: LogLine[];

  before(async () => {
    api = await startStandIn((req) => ({ status: 401, body: { error: `wrong password for ${req.headers['x-api-key']}`, received: req.headers } }));
    const recorded = recordingLogger();
    logs = recorded.lines;
    rf = await createTestRelayflow({
      plugins: [httpPlugin, casesWebhookPlugin, wordLogger],
      logger: recorded.logger,
      config: { networking: { allowedHosts: ['127.0.0.1'] } },
      connectors: [
        { type: 'http', name: 'wordy', config: { url: api.url }, secrets: { user: 'admin', password: 'password', secretHeaders: { 'X-Api-Key': 'request' } } },
        { type: 'echo-words', name: 'logger', secrets: { password: 'password' } },
      ],
    });
  });
  after(async () => {
    await rf.stop();
    await api.close();
  });

  it('keeps field names in validation messages: secrets.password stays secrets.password', async () => {
    const http = await rejectionOf(rf.relayflow.connectors.create({ type: 'http', name: 'half', config: { url: api.url, authType: 'basic' }, secrets: { password: 'password' } }));
    expect(http.message).to.equal('connector "half" is invalid: secrets.user: basic auth needs both user and password');
    const cases = await rejectionOf(rf.relayflow.connectors.create({
      type: 'cases-webhook', name: 'cw',
      config: {
        createIncidentUrl: `${api.url}/i`, createIncidentJson: '{"t":{{{case.title}}}}', createIncidentResponseKey: 'id',
        getIncidentUrl: `${api.url}/i/{{{external.system.id}}}`, getIncidentResponseExternalTitleKey: 'key', viewIncidentUrl: `${api.url}/v/{{{external.system.title}}}`,
        updateIncidentUrl: `${api.url}/i/{{{external.system.id}}}`, updateIncidentJson: '{"t":{{{case.title}}}}',
        hasAuth: true, authType: 'ssl', certType: 'ssl-pfx',
      },
      secrets: { user: 'admin', password: 'password', pfx: 'AAEC' },
    }));
    expect(cases.problems.map((p) => p.message)).to.include('secrets.user: is set but authType is ssl; remove it or change authType');
    expect(cases.message).to.not.include('[REDACTED]');
  });

  it('still hides an ordinary-word secret that a validation message repeats from the input', async () => {
    const err = await rejectionOf(rf.relayflow.connectors.create({ type: 'http', name: 'echoed', config: { url: 'https://password/x' }, secrets: { user: 'admin', password: 'password' } }));
    expect(err.message).to.equal('connector "echoed" is invalid: config.url: host "[REDACTED]" is not allowed by networking.allowedHosts (127.0.0.1); add it there to allow it');
  });

  it('redacts the response, the serviceMessage and the quoted excerpt, not the rest of the message', async () => {
    const err = failed(await rf.runAction({ type: 'http', connector: 'wordy', params: { path: '/login', method: 'POST' } }));
    expect(api.requests.at(-1)!.headers['x-api-key']).to.equal('request');
    expect(err.serviceMessage).to.equal('wrong [REDACTED] for [REDACTED]');
    expect(err.message).to.match(/^http POST 127\.0\.0\.1:\d+ failed: 401 Unauthorized — \{"error":"wrong \[REDACTED\] for \[REDACTED\]"/);
    const details = JSON.stringify(err.details);
    expect(details).to.include('"x-api-key":"[REDACTED]"');
    expect(details).to.not.match(/"request"|password|admin:/);
  });

  it('leaves Relayflow\'s own error text alone when nothing from outside holds the word', async () => {
    const down = await startStandIn(() => ({ body: {} }));
    const url = down.url;
    await down.close();
    await rf.relayflow.connectors.create({ type: 'http', name: 'wordy-down', config: { url }, secrets: { secretHeaders: { 'X-Api-Key': 'request' } } });
    const err = failed(await rf.runAction({ type: 'http', connector: 'wordy-down', params: {} }));
    expect(err.message).to.match(/^error calling http GET 127\.0\.0\.1:\d+: request to 127\.0\.0\.1:\d+ failed: connect ECONNREFUSED/);
    const record = await rf.runWorkflow('name: w\nsteps:\n  - { name: call, type: http, connector-id: wordy-down, on-failure: { continue: true } }\n');
    expect(record.steps[0].error?.message).to.match(/: request to 127\.0\.0\.1:\d+ failed/);
  });

  it('redacts plugin logs wholesale', async () => {
    logs.length = 0;
    await rf.runAction({ type: 'echo-words', connector: 'logger', params: {} });
    expect(logs.map((l) => l.message)).to.include('the service said: wrong [REDACTED] for request');
  });
});

describe('redaction of ordinary-word secrets in the CLI', function () {
  this.timeout(60_000);

  it('prints secrets.password as written when create refuses a connector', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), `plugins: ["${join(ROOT, 'plugins', 'http')}"]\n`);
    const res = await runCli(['connectors', 'create', '--type', 'http', '--name', 'x', '--config', '{"url":"https://api.example.com","authType":"basic"}', '--secrets', '{"password":"password"}'],
      { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: 'redaction-cli-test-key-0123456789abcdef' } });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.include('secrets.user: basic auth needs both user and password');
    expect(res.stderr).to.not.include('[REDACTED]');
  });
});
