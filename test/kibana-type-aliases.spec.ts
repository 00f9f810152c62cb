import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import casesWebhookPlugin from '@relayflow/plugin-cases-webhook';
import httpPlugin from '@relayflow/plugin-http';
import jiraPlugin from '@relayflow/plugin-jira';
import slackPlugin from '@relayflow/plugin-slack';
import { defineConnectorType, definePlugin, ok } from '@relayflow/sdk';
import { createRelayflow } from '../core/src/runtime/create-relayflow';
import { okOutput } from './support/http-results';
import { rejectionOf } from './support/errors';
import { ROOT, runCli } from './support/cli';
import { startRestServer, type RestHarness } from './support/rest-server';
import { tempDir } from './support/temp-dir';

const KEY = 'kibana-alias-test-key-0123456789abcdef';
const WEBHOOK_PASSWORD = 'w3bh00k-pa55-Zq';

/** Kibana's connector type ids and the Relayflow type each one is read as. */
const KIBANA_IDS: Array<[string, string]> = [
  ['.slack', 'slack'], ['.slack_api', 'slack_api'], ['.jira', 'jira'], ['.http', 'http'], ['.webhook', 'http'], ['.cases-webhook', 'cases-webhook'],
];

describe('Kibana connector type ids as aliases', () => {
  let service: StandIn;
  let rf: TestRelayflow;

  before(async () => {
    service = await startStandIn((req) => ({ body: { ok: true, got: req.method } }));
    rf = await createTestRelayflow({
      plugins: [httpPlugin, slackPlugin, jiraPlugin, casesWebhookPlugin],
      config: { networking: { allowedHosts: ['127.0.0.1'] } },
    });
  });
  after(async () => {
    await rf.stop();
    await service.close();
  });
  beforeEach(() => {
    service.requests.length = 0;
  });

  it('lists each official type with its Kibana id', () => {
    const aliases = Object.fromEntries(rf.relayflow.connectorTypes().map((t) => [t.id, t.aliases]));
    expect(aliases).to.deep.equal({
      'cases-webhook': ['.cases-webhook'], http: ['.http', '.webhook'], jira: ['.jira'], slack: ['.slack'], slack_api: ['.slack_api'],
    });
  });

  it('creates through the library with every Kibana id, storing and showing the Relayflow type', async () => {
    const configs: Record<string, Record<string, unknown>> = {
      slack: {}, slack_api: { apiUrl: `${service.url}/api` }, jira: { apiUrl: service.url, projectKey: 'ENG' }, http: { url: service.url },
      'cases-webhook': {
        createIncidentUrl: `${service.url}/issue`, createIncidentJson: '{"t":{{{case.title}}}}', createIncidentResponseKey: 'id',
        getIncidentUrl: `${service.url}/issue/{{{external.system.id}}}`, getIncidentResponseExternalTitleKey: 'key',
        viewIncidentUrl: `${service.url}/browse/{{{external.system.title}}}`, updateIncidentUrl: `${service.url}/issue/{{{external.system.id}}}`,
        updateIncidentJson: '{"t":{{{case.title}}}}', hasAuth: false,
      },
    };
    const secrets: Record<string, Record<string, unknown>> = {
      slack: { webhookUrl: `${service.url}/hooks/T0/B0/x` }, slack_api: { token: 'xoxb-alias-test' }, jira: { email: 'a@example.com', apiToken: 'alias-api-token' }, http: {}, 'cases-webhook': {},
    };
    for (const [kibanaId, type] of KIBANA_IDS) {
      const c = await rf.relayflow.connectors.create({ type: kibanaId, name: `via ${kibanaId}`, config: configs[type], secrets: secrets[type] });
      expect(c.type, kibanaId).to.equal(type);
      expect((await rf.relayflow.connectors.get(`via ${kibanaId}`)).type, kibanaId).to.equal(type);
    }
  });

  it('runs an action named by a Kibana type id', async () => {
    await rf.relayflow.connectors.create({ type: '.http', name: 'aliased-http', config: { url: service.url } });
    const out = okOutput(await rf.runAction({ type: '.http', connector: 'aliased-http', params: { path: '/x' } }));
    expect(out.data).to.deep.equal({ ok: true, got: 'GET' });
  });

  it('reads a .webhook connector as http: its config.method is the default method and with.body is sent with its auth', async () => {
    await rf.relayflow.connectors.create({
      type: '.webhook', name: 'kibana-webhook',
      config: { url: `${service.url}/hook`, method: 'post', headers: { 'Content-Type': 'application/json' }, hasAuth: true, authType: null },
      secrets: { user: 'elastic', password: WEBHOOK_PASSWORD },
    });
    okOutput(await rf.runAction({ type: 'http', connector: 'kibana-webhook', params: { body: '{"alert":"{{x}}"}' } }));
    okOutput(await rf.runAction({ type: 'http', connector: 'kibana-webhook', params: { method: 'put', body: 'b' } }));
    const [post, put] = service.requests;
    expect(post).to.include({ method: 'POST', path: '/hook', body: '{"alert":"{{x}}"}' });
    expect(post.headers.authorization).to.equal(`Basic ${Buffer.from(`elastic:${WEBHOOK_PASSWORD}`).toString('base64')}`);
    expect(put.method).to.equal('PUT');
    // A connector without a method still defaults to GET.
    await rf.relayflow.connectors.create({ type: 'http', name: 'plain-http', config: { url: service.url } });
    okOutput(await rf.runAction({ type: 'http', connector: 'plain-http', params: {} }));
    expect(service.requests[2].method).to.equal('GET');
  });

  it('still refuses an unknown Kibana type, naming the registered ones', async () => {
    const err = await rejectionOf(rf.relayflow.connectors.create({ type: '.email', name: 'mail' }));
    expect(err.code).to.equal('CONNECTOR_TYPE_NOT_FOUND');
    expect(err.message).to.include('unknown connector type ".email"');
  });

  it('keeps step types to Relayflow\'s (Kibana Workflows\') names, suggesting the type for a Kibana id', async () => {
    const err = await rejectionOf(rf.runWorkflow('name: w\nsteps:\n  - { name: s, type: .slack, connector-id: x, with: { message: m } }\n'));
    expect(err.code).to.equal('WORKFLOW_INVALID');
    expect(err.problems[0].message).to.match(/^unknown step type "\.slack"; did you mean "slack"/);
  });
});

describe('Kibana type ids in relayflow.yaml and the CLI', function () {
  this.timeout(60_000);

  it('reads a preconfigured connector whose type is a Kibana id', async () => {
    const dir = tempDir();
    const rf = await createRelayflow({
      plugins: [slackPlugin, jiraPlugin], dataDir: dir, env: {},
      config: {
        encryptionKey: KEY,
        connectors: [
          { id: 'my-slack1', name: 'pre-slack', type: '.slack', secrets: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/pre' } },
          { id: 'my-jira1', name: 'pre-jira', type: '.jira', config: { apiUrl: 'https://acme.atlassian.net', projectKey: 'ENG' }, secrets: { email: 'e@example.com', apiToken: 'pre-jira-token' } },
        ],
      },
    });
    try {
      expect((await rf.connectors.list()).map((c) => [c.id, c.type])).to.deep.equal([['my-jira1', 'jira'], ['my-slack1', 'slack']]);
    } finally {
      await rf.stop();
    }
  });

  it('creates with --type .slack and shows the aliases in connectors types', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), `plugins: ["${join(ROOT, 'plugins', 'slack')}"]\n`);
    const env = { RELAYFLOW_ENCRYPTION_KEY: KEY };
    const created = await runCli(['connectors', 'create', '--type', '.slack', '--id', 'my-slack1', '--name', 'ops',
      '--secrets', '{"webhookUrl":"https://hooks.slack.com/services/T0/B0/cli-secret"}', '--json'], { cwd, env });
    expect(created.code, created.stderr).to.equal(0);
    expect(JSON.parse(created.stdout)).to.deep.include({ id: 'my-slack1', name: 'ops', type: 'slack' });
    expect(created.stdout).to.not.include('cli-secret');
    const types = await runCli(['connectors', 'types'], { cwd, env });
    expect(types.stdout).to.match(/slack \(\.slack\)\s+│/).and.match(/slack_api \(\.slack_api\)\s+│/);
  });
});

describe('Kibana type ids in the REST API', () => {
  let slack: StandIn;
  let api: RestHarness;

  before(async () => {
    slack = await startStandIn(() => ({ body: 'ok' }));
    api = await startRestServer({ plugins: [httpPlugin, slackPlugin, jiraPlugin], config: { encryptionKey: KEY, networking: { allowedHosts: ['127.0.0.1'] } } });
  });
  after(async () => {
    await api.close();
    await slack.close();
  });

  it('creates with a Kibana id as type or connector_type_id, shows the Relayflow type, and runs the connector', async () => {
    const post = (json: object) => api.call('POST', '/api/connectors', { key: api.keys.admin, json });
    const bySlack = await post({ type: '.slack', id: 'my-slack1', name: 'ops', secrets: { webhookUrl: `${slack.url}/services/T0/B0/rest-secret` } });
    expect(bySlack.status, bySlack.text).to.equal(201);
    expect(bySlack.body).to.include({ id: 'my-slack1', type: 'slack', connector_type_id: 'slack' });
    const byKibanaField = await post({ connector_type_id: '.webhook', name: 'hook', config: { url: `${slack.url}/hook`, method: 'post', hasAuth: false } });
    expect(byKibanaField.status, byKibanaField.text).to.equal(201);
    expect(byKibanaField.body.type).to.equal('http');
    // Both fields naming the same type, one by its Kibana id, agree.
    const both = await post({ type: 'jira', connector_type_id: '.jira', name: 'eng', config: { apiUrl: slack.url, projectKey: 'ENG' }, secrets: { email: 'e@example.com', apiToken: 'rest-jira-token' } });
    expect(both.status, both.text).to.equal(201);
    expect(both.body.type).to.equal('jira');
    const disagree = await post({ type: 'slack', connector_type_id: '.jira', name: 'x' });
    expect(disagree.status).to.equal(400);
    expect(disagree.body.error.message).to.equal('type "slack" and connector_type_id ".jira" disagree; give one of them');

    const renamed = await api.call('PUT', '/api/connectors/my-slack1', { key: api.keys.admin, json: { connector_type_id: '.slack', name: 'ops-2' } });
    expect(renamed.status, renamed.text).to.equal(200);
    expect(renamed.body).to.include({ name: 'ops-2', type: 'slack' });
    const retyped = await api.call('PUT', '/api/connectors/my-slack1', { key: api.keys.admin, json: { type: '.jira' } });
    expect(retyped.status).to.equal(400);

    const run = await api.call('POST', '/api/connectors/my-slack1/_execute', { key: api.keys.admin, json: { params: { message: 'through the API' } } });
    expect(run.body).to.include({ status: 'ok' });
    expect(slack.requests.map((r) => [r.method, r.path, r.json])).to.deep.equal([['POST', '/services/T0/B0/rest-secret', { text: 'through the API' }]]);
    expect(JSON.stringify([bySlack.body, renamed.body, run.body])).to.not.include('rest-secret');
  });
});

describe('ConnectorTypeRegistry aliases', () => {
  const type = (id: string, aliases?: string[]) => defineConnectorType({
    id, aliases, name: id, config: class {}, secrets: class {}, defaultAction: 'go',
    actions: { go: { params: class {}, connector: 'none', execute: async () => ok({}) } },
  });
  const start = (...plugins: Array<{ id: string; types: ReturnType<typeof type>[] }>) => createRelayflow({
    dataDir: tempDir(), env: {}, config: { encryptionKey: KEY },
    plugins: plugins.map((p) => definePlugin({ id: p.id, sdk: '^1.0.0', setup: ({ registerConnectorType }) => p.types.forEach((t) => registerConnectorType(t)) })),
  });

  it('refuses an alias another plugin already uses, naming both plugins', async () => {
    const err = await rejectionOf(start({ id: 'first', types: [type('one', ['.one'])] }, { id: 'second', types: [type('two', ['.one'])] }));
    expect(err.message).to.include('connector type alias ".one" (of two) is registered by both plugin "first" (as an alias of one) and plugin "second"');
  });

  it('refuses an alias that is another type\'s id, and malformed aliases', async () => {
    const clash = await rejectionOf(start({ id: 'first', types: [type('one'), type('two', ['one'])] }));
    expect(clash.message).to.include('connector type alias "one" (of two) is registered by both plugin "first"');
    const bad = await rejectionOf(start({ id: 'first', types: [type('one', ['Has Space'])] }));
    expect(bad.message).to.include('alias "Has Space" must be lower-case letters');
  });
});
