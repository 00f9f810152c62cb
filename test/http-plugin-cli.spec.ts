import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import { ROOT, runCli } from './support/cli';
import { tempDir } from './support/temp-dir';

const KEY = 'cli-test-encryption-key-0123456789abcdef';
const API_KEY = 'cli-api-key-secret-31337';

describe('http connector through the CLI', function () {
  this.timeout(60_000);
  let cwd: string;
  let api: StandIn;
  const cli = (args: string[]) => runCli(args, { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: KEY, API_KEY } });

  before(async () => {
    api = await startStandIn((req) => (req.path === '/api/down'
      ? { status: 503, headers: { 'Retry-After': '2' }, body: { message: 'maintenance' } }
      : { status: 200, body: { path: req.path, query: req.query, sawKey: req.headers['x-api-key'] } }));
    cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), [
      `plugins: ["${join(ROOT, 'plugins', 'http')}"]`,
      'networking:',
      '  allowedHosts: ["127.0.0.1"]',
      'connectors:',
      '  - id: 1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
      '    name: security-response-api',
      '    type: http',
      '    config:',
      `      url: ${api.url}/api`,
      '    secrets:',
      '      secretHeaders:',
      '        X-Api-Key: ${env:API_KEY}',
      '',
    ].join('\n'));
  });

  after(() => api.close());

  it('runs a request with --params and prints the output without the secret', async () => {
    const res = await cli(['connectors', 'test', 'security-response-api', '--params', '{"path": "/health", "query": {"deep": true}}', '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const printed = JSON.parse(res.stdout);
    expect(printed.status).to.equal('ok');
    expect(printed.data).to.deep.include({ status: 200, statusText: 'OK' });
    expect(printed.data.data).to.deep.equal({ path: '/api/health', query: { deep: 'true' }, sawKey: '[REDACTED]' });
    expect(api.requests.at(-1)!.headers['x-api-key']).to.equal(API_KEY);
    expect(res.stdout + res.stderr).not.to.contain(API_KEY);
  });

  it('accepts Kibana-style subAction params and exits 1 with a retry time for a 503', async () => {
    const res = await cli(['connectors', 'test', 'security-response-api', '--params', '{"subAction": "request", "subActionParams": {"path": "down", "method": "post"}}', '--json']);
    expect(res.code).to.equal(1);
    const printed = JSON.parse(res.stdout);
    expect(printed).to.deep.include({ status: 'error', serviceMessage: 'maintenance' });
    expect(printed.message).to.contain('503 Service Unavailable');
    expect(new Date(printed.retry).getTime()).to.be.greaterThan(Date.now() - 1000);
  });

  it('validate refuses an http step with neither connector-id nor with.url (exit 2, at the step)', async () => {
    writeFileSync(join(cwd, 'nourl.yaml'), [
      'name: nourl',
      'steps:',
      '  - name: bare',
      '    type: http',
      '  - { name: post, type: http, with: { method: POST, body: { a: 1 } } }',
      '  - { name: templated, type: http, with: { url: "{{ event.url }}" } }',
      '  - { name: connected, type: http, connector-id: security-response-api, with: { path: /x } }',
      '',
    ].join('\n'));
    const res = await cli(['validate', 'nourl.yaml']);
    expect(res.code).to.equal(2);
    expect(res.stderr.trim().split('\n')).to.deep.equal([
      'nourl.yaml:3:5: missing required key "url": http steps without a connector-id need with.url (or name a connector with connector-id)',
      'nourl.yaml:5:31: missing required key "url": http steps without a connector-id need with.url (or name a connector with connector-id)',
    ]);
    // A templated url is checked when it is rendered: the plugin refuses an empty one, and the run fails (exit 1).
    writeFileSync(join(cwd, 'emptyurl.yaml'), 'name: emptyurl\nsteps:\n  - { name: templated, type: http, with: { url: "{{ event.url }}" } }\n');
    expect((await cli(['validate', 'emptyurl.yaml'])).code).to.equal(0);
    const run = await cli(['run', 'emptyurl.yaml', '--json']);
    expect(run.code).to.equal(1);
    expect(JSON.parse(run.stdout).steps[0].error.message).to.contain('with.url is required');
  });

  it('refuses an incomplete client certificate at create with exit code 2, naming the field', async () => {
    const res = await cli(['connectors', 'create', '--type', 'http', '--name', 'half', '--config', JSON.stringify({ url: `${api.url}/x` }), '--secrets', '{"crt": "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"}']);
    expect(res.code).to.equal(2);
    expect(res.stderr).to.contain('secrets.key').and.not.contain('MIIB');
  });
});
