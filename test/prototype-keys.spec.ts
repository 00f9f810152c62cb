import { expect } from 'chai';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import casesWebhookPlugin from '@relayflow/plugin-cases-webhook';
import httpPlugin from '@relayflow/plugin-http';
import jiraPlugin from '@relayflow/plugin-jira';
import slackPlugin from '@relayflow/plugin-slack';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorTypeRegistry } from '../core/src/contracts/connector-type-registry';
import { createRelayflow } from '../core/src/runtime/create-relayflow';
import type { Relayflow } from '../core/src/runtime/relayflow';
import { knownProperties, validateClass } from '../core/src/validation/class-validation';
import { startHarness as startCasesHarness } from '../plugins/cases-webhook/src/testing/harness';
import { startHarness as startJiraHarness } from '../plugins/jira/src/test-support/harness';
import { runCli } from './support/cli';
import { rejectionOf } from './support/errors';
import { tempDir } from './support/temp-dir';

/** The names of Object.prototype's members that the issue found dropped or crashing. */
const NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
/** Every such name at the top and at depth (JSON.parse makes `__proto__` an own key, as for any input). */
const DEEP = JSON.parse('{"constructor":{"constructor":{"toString":"a","__proto__":{"valueOf":1}}},"__proto__":{"hasOwnProperty":"b"},'
  + '"toString":"c","valueOf":{"constructor":["d",{"__proto__":"e"}]},"hasOwnProperty":"f","propertyIsEnumerable":"g"}') as Record<string, unknown>;

/** Every key path of a plain value, own keys only (`__proto__` included). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${prefix}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((k) => [`${prefix}.${k}`, ...keyPaths((value as Record<string, unknown>)[k], `${prefix}.${k}`)]);
}

/**
 * Issue 17, item 4: keys named like Object.prototype's members. `constructor` at any depth of an
 * event, `with`, consts, connector config or secrets crashed validation (InternalError; exit 1
 * for every command when in relayflow.yaml); `toString`, `valueOf`, `hasOwnProperty` and
 * `__proto__` were dropped from params (a header named toString was never sent) and escaped
 * unknown-key checks.
 */
describe('keys named like Object.prototype members', function () {
  this.timeout(60_000);

  describe('in every official plugin\'s config, secrets and params', () => {
    let rf: Relayflow;
    before(async () => {
      rf = await createRelayflow({ plugins: [httpPlugin, slackPlugin, jiraPlugin, casesWebhookPlugin], dataDir: tempDir(), env: {}, config: { encryptionKey: 'k'.repeat(40) } });
    });
    after(() => rf.stop());

    const schemas = (): Array<[string, new () => object]> => rf.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry).list().flatMap(({ type }) => [
      [`${type.id} config`, type.config as new () => object],
      [`${type.id} secrets`, type.secrets as new () => object],
      ...Object.values(type.actions).map((a): [string, new () => object] => [`${type.id}.${a.id} params`, a.params as new () => object]),
    ]);

    it('covers the four official plugins', () => {
      expect(rf.connectorTypes().map((t) => t.id).sort()).to.deep.equal(['cases-webhook', 'http', 'jira', 'slack', 'slack_api']);
      expect(schemas().length).to.be.greaterThan(15);
    });

    it('reports them as unknown keys of every schema class, at the top and in nested classes, and never throws', () => {
      for (const [label, cls] of schemas()) {
        const result = validateClass(cls, DEEP, ['x']);
        expect(result.ok, label).to.equal(false);
        const unknown = result.ok ? [] : result.problems.filter((p) => p.code === 'UNKNOWN_KEY').map((p) => p.path.join('.'));
        for (const name of [...NAMES, 'propertyIsEnumerable']) expect(unknown, `${label}: ${name}`).to.include(`x.${name}`);
      }
    });

    it('takes them at depth in every field without throwing; a field that accepts the value gets every key verbatim', () => {
      const accepted: string[] = [];
      for (const [label, cls] of schemas()) {
        for (const property of knownProperties(cls)) {
          const result = validateClass(cls, { [property]: JSON.parse(JSON.stringify(DEEP)) });
          if (!result.ok) continue;
          accepted.push(`${label}.${property}`);
          const got = (result.value as Record<string, unknown>)[property];
          expect(keyPaths(got), `${label}.${property}`).to.include.members(keyPaths(DEEP));
          expect(Object.getPrototypeOf(got), `${label}.${property}`).to.equal(Object.prototype);
        }
      }
      // Alone, most fields fail on the class's required keys; these free-form ones stand alone.
      expect(accepted, 'free-form fields').to.include.members(['http.request params.body', 'http config.additionalFields']);
      expect(({} as Record<string, unknown>).hasOwnProperty, 'nothing polluted Object.prototype').to.equal(Object.prototype.hasOwnProperty);
    });
  });

  describe('reaching the service', () => {
    let api: StandIn;
    before(async () => {
      api = await startStandIn(() => ({ status: 200, body: { ok: true } }));
    });
    after(() => api.close());

    it('http: headers, query and body carry them verbatim; headers the HTTP client cannot send are refused by name', async () => {
      const rf = await createRelayflow({ plugins: [httpPlugin], dataDir: tempDir(), env: {}, config: { encryptionKey: 'k'.repeat(40) } });
      try {
        const body = JSON.parse('{"a":{"__proto__":{"constructor":{"toString":1}},"hasOwnProperty":[{"valueOf":"v"}]}}');
        const result = await rf.executeAction({
          type: 'http', params: {
            url: `${api.url}/p`, method: 'POST', headers: { toString: 'h1', valueOf: 'h2', hasOwnProperty: 'h3' }, query: { constructor: 'q1', toString: 'q2' }, body,
          },
        });
        expect(result.status).to.equal('ok');
        const sent = api.requests[api.requests.length - 1];
        expect(sent.headers).to.include({ tostring: 'h1', valueof: 'h2', hasownproperty: 'h3' });
        expect(sent.query).to.deep.equal({ constructor: 'q1', toString: 'q2' });
        expect(sent.body).to.equal(JSON.stringify(body));

        const refused = await rf.executeAction({ type: 'http', params: { url: api.url, headers: { constructor: 'c' } } });
        expect(refused).to.deep.include({ status: 'error' });
        expect((refused as { message: string }).message).to.include('a header named "constructor" cannot be sent');

        // Connector config and secrets: free-form parts verbatim, closed ones report the unknown key.
        const created = await rf.connectors.create({ type: 'http', name: 'api', config: { url: api.url, additionalFields: { constructor: { toString: 'x' } }, headers: { valueOf: 'cfg' } } });
        expect((await rf.connectors.get('api')).config).to.deep.include({ additionalFields: JSON.parse('{"constructor":{"toString":"x"}}') });
        expect((await rf.executeAction({ type: 'http', connector: created.id, params: { path: '/c' } })).status).to.equal('ok');
        expect(api.requests[api.requests.length - 1].headers).to.include({ valueof: 'cfg' });
        const secrets = await rejectionOf(rf.connectors.create({ type: 'http', name: 'bad', config: { url: api.url }, secrets: JSON.parse('{"token":"long-enough","constructor":{"a":1},"__proto__":{"b":2}}') }));
        expect(secrets.code).to.equal('VALIDATION_FAILED');
        expect(secrets.problems.map((p) => p.path)).to.deep.equal(['secrets.constructor', 'secrets.__proto__']);
      } finally {
        await rf.stop();
      }
    });

    it('slack and slack_api: blocks carry them verbatim', async () => {
      const rf = await createRelayflow({ plugins: [slackPlugin], dataDir: tempDir(), env: {}, config: { encryptionKey: 'k'.repeat(40) } });
      try {
        api.handle(() => ({ status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } }));
        await rf.connectors.create({ type: 'slack', name: 'hook', secrets: { webhookUrl: `${api.url}/services/T0/B0/x` } });
        const blocks = JSON.parse('[{"type":"section","text":{"type":"mrkdwn","text":"hi","constructor":"c"},"__proto__":{"toString":"t"}}]');
        expect((await rf.executeAction({ type: 'slack', connector: 'hook', params: { message: 'hi', blocks } })).status).to.equal('ok');
        expect(JSON.parse(api.requests[api.requests.length - 1].body).blocks).to.deep.equal(blocks);
        expect(keyPaths(JSON.parse(api.requests[api.requests.length - 1].body).blocks)).to.include.members(keyPaths(blocks));

        api.handle(() => ({ status: 200, body: { ok: true, channel: 'C1', ts: '1' } }));
        await rf.connectors.create({ type: 'slack_api', name: 'bot', config: { apiUrl: api.url }, secrets: { token: 'xoxb-test-token' } });
        expect((await rf.executeAction({ type: 'slack_api', connector: 'bot', params: { channel: 'C1', text: 'hi', blocks } })).status).to.equal('ok');
        expect(keyPaths(JSON.parse(api.requests[api.requests.length - 1].body).blocks)).to.include.members(keyPaths(blocks));
      } finally {
        api.handle(() => ({ status: 200, body: { ok: true } }));
        await rf.stop();
      }
    });

    it('jira: otherFields carry them verbatim to the issue', async () => {
      const harness = await startJiraHarness('cloud');
      try {
        const otherFields = JSON.parse('{"customfield_1":{"constructor":{"toString":"x"},"__proto__":{"valueOf":1}},"hasOwnProperty":"h"}');
        const result = await harness.run('pushToService', { summary: 's', issueType: 'Task', otherFields });
        expect(result.status, JSON.stringify(result)).to.equal('ok');
        const created = harness.jira.requests.filter((r) => r.method === 'POST' && /\/issue$/.test(r.path)).pop();
        expect(keyPaths((JSON.parse(created?.body ?? '{}') as { fields: unknown }).fields)).to.include.members(keyPaths(otherFields));
      } finally {
        await harness.stop();
      }
    });

    it('cases-webhook: config headers carry them; unknown config keys are reported', async () => {
      const harness = await startCasesHarness({ config: { headers: { toString: 'case-h', 'Content-Type': 'application/json' } } });
      try {
        const result = await harness.push({ incident: { title: 't', description: 'd' } });
        expect(result.status, JSON.stringify(result)).to.equal('ok');
        expect(harness.standIn.requests[0].headers).to.include({ tostring: 'case-h' });
        const err = await rejectionOf(harness.rf.relayflow.connectors.create({ type: 'cases-webhook', name: 'x', config: JSON.parse('{"constructor":1,"toString":2}') }));
        expect(err.problems.filter((p) => p.code === 'UNKNOWN_KEY').map((p) => p.path)).to.include.members(['config.constructor', 'config.toString']);
      } finally {
        await harness.close();
      }
    });
  });

  describe('through the CLI', () => {
    it('relayflow.yaml, workflow consts and with, and the event: verbatim where free-form, unknown keys where closed, never exit 1', async () => {
      const api = await startStandIn(() => ({ status: 200, body: { toString: 'out', constructor: { a: 1 } } }));
      try {
        const cwd = tempDir();
        const env = { RELAYFLOW_ENCRYPTION_KEY: 'k'.repeat(40) };
        writeFileSync(join(cwd, 'relayflow.yaml'), [
          'connectors:',
          '  - { id: api, name: api, type: http, config: { url: "' + api.url + '", headers: { toString: cfg }, additionalFields: { constructor: { a: 1 } } } }',
          '',
        ].join('\n'));
        writeFileSync(join(cwd, 'wf.yaml'), [
          'name: proto',
          'consts:',
          '  deep: { constructor: { toString: c1 }, __proto__: { polluted: true }, valueOf: 2 }',
          'steps:',
          '  - name: call',
          '    type: http',
          '    connector-id: api',
          '    with:',
          '      method: POST',
          '      headers: { hasOwnProperty: h1 }',
          '      body: { consts: "${{ consts.deep }}", event: "${{ event }}", constructor: { __proto__: 1 } }',
          '  - { name: said, type: console, with: { message: "{{ steps.call.output.data.toString }} {{ event.constructor.name }}" } }',
          '',
        ].join('\n'));
        writeFileSync(join(cwd, 'event.json'), '{"constructor":{"name":"evt"},"__proto__":{"admin":true},"deep":{"a":{"valueOf":3,"toString":"s"}}}');
        writeFileSync(join(cwd, 'closed.yaml'), 'name: closed\nconstructor: 1\nsteps:\n  - { name: s, type: console, toString: x, with: { message: m } }\n');

        for (const args of [['plugins', 'list'], ['connectors', 'list'], ['validate', 'wf.yaml']]) {
          const res = await runCli(args, { cwd, env });
          expect(res.code, `${args.join(' ')}: ${res.stderr}`).to.equal(0);
        }
        const run = await runCli(['run', 'wf.yaml', '--event', 'event.json', '--json'], { cwd, env });
        expect(run.code, run.stderr).to.equal(0);
        const record = JSON.parse(run.stdout) as { steps: Array<{ output: unknown }> };
        expect(record.steps[1].output).to.equal('out evt');
        const sent = api.requests[0];
        expect(sent.headers).to.include({ tostring: 'cfg', hasownproperty: 'h1' });
        expect(JSON.parse(sent.body)).to.deep.equal(JSON.parse('{"consts":{"constructor":{"toString":"c1"},"__proto__":{"polluted":true},"valueOf":2},'
          + '"event":{"constructor":{"name":"evt"},"__proto__":{"admin":true},"deep":{"a":{"valueOf":3,"toString":"s"}}},"constructor":{"__proto__":1}}'));
        expect(keyPaths(JSON.parse(sent.body))).to.include.members(['.consts.__proto__', '.consts.__proto__.polluted', '.event.__proto__.admin', '.constructor.__proto__']);

        const closed = await runCli(['validate', 'closed.yaml'], { cwd, env });
        expect(closed.code).to.equal(2);
        expect(closed.stderr).to.match(/^closed\.yaml:2:1: unknown key "constructor"/m);
        expect(closed.stderr).to.match(/^closed\.yaml:4:31: unknown key "toString"/m);

        writeFileSync(join(cwd, 'relayflow.yaml'), 'constructor: { a: 1 }\nnetworking: { ssl: { toString: x } }\n');
        const badConfig = await runCli(['connectors', 'list'], { cwd, env });
        expect(badConfig.code).to.equal(2);
        expect(badConfig.stderr).to.match(/relayflow\.yaml:1:1: unknown key "constructor"/);
        expect(badConfig.stderr).to.match(/relayflow\.yaml:2:22: unknown key "toString"/);
        expect(badConfig.stderr).to.not.match(/^\s+at /m);
      } finally {
        await api.close();
      }
    });
  });
});
