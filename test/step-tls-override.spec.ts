import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testCertificates } from './support/certificates';
import { runCli, type CliResult } from './support/cli';
import { startTestServer, type TestServer } from './support/test-server';
import { tempDir } from './support/temp-dir';

const KEY = 'step-tls-override-test-key-0123456789abcd';
const TOKEN = 'tls-override-bearer-7f3a9c1e5b';

/**
 * Issue 17, item 3b: a step's `fetcher.skip_ssl_verification: true` overrode a connector's
 * `verificationMode: full` and sent the connector's credentials to a server nobody verified.
 * The reproduction: a self-signed HTTPS server that records whether an Authorization header
 * arrived.
 */
describe('a step turning TLS verification down for a connector with secrets (CLI)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let cwd: string;
  const cli = (args: string[], config = 'relayflow.yaml'): Promise<CliResult> =>
    runCli(['--config', config, '--data-dir', join(cwd, 'data'), ...args], { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
  const authorizations = (): unknown[] => server.requests.map((r) => r.headers.authorization);

  before(async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }, { tls: testCertificates().selfSigned });
    cwd = tempDir();
    const connectors = [
      'connectors:',
      '  - id: secure-api',
      '    name: secure-api',
      '    type: http',
      `    config: { url: "${server.url}", verificationMode: full }`,
      `    secrets: { token: "${TOKEN}" }`,
      '  - id: open-api',
      '    name: open-api',
      '    type: http',
      `    config: { url: "${server.url}" }`,
      '',
    ];
    writeFileSync(join(cwd, 'relayflow.yaml'), connectors.join('\n'));
    writeFileSync(join(cwd, 'allowing.yaml'), ['networking:', '  allowStepTlsOverride: true', ...connectors].join('\n'));
    const step = (connector: string, skip: string) => [
      'steps:',
      '  - name: call',
      '    type: http',
      `    connector-id: ${connector}`,
      '    with:',
      '      path: /hello',
      '      fetcher:',
      `        skip_ssl_verification: ${skip}`,
      '',
    ];
    writeFileSync(join(cwd, 'insecure.yaml'), ['name: insecure', ...step('secure-api', 'true')].join('\n'));
    writeFileSync(join(cwd, 'templated.yaml'), ['name: templated', 'inputs:', '  - { name: insecure, type: boolean, default: false }', ...step('secure-api', '"{{ inputs.insecure }}"')].join('\n'));
    writeFileSync(join(cwd, 'no-secrets.yaml'), ['name: no-secrets', ...step('open-api', 'true')].join('\n'));
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('validate and run refuse it with a located error; nothing reaches the server', async () => {
    const validated = await cli(['validate', 'insecure.yaml']);
    expect(validated.code).to.equal(2);
    expect(validated.stderr).to.match(/^insecure\.yaml:9:32: with\.fetcher\.skip_ssl_verification: a step may not turn TLS verification down for connector "secure-api", which holds secrets .*networking\.allowStepTlsOverride: true/m);

    const run = await cli(['run', 'insecure.yaml']);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^insecure\.yaml:9:32: with\.fetcher\.skip_ssl_verification: a step may not/m);
    expect(server.requests).to.have.length(0);
    expect(run.stdout + run.stderr).to.not.include(TOKEN);
  });

  it('refuses a templated one when it renders true, before anything is sent', async () => {
    expect((await cli(['validate', 'templated.yaml'])).code).to.equal(0);
    const run = await cli(['run', 'templated.yaml', '--input', 'insecure=true', '--json']);
    expect(run.code).to.equal(1);
    const record = JSON.parse(run.stdout) as { steps: Array<{ error: { type: string; message: string } }> };
    expect(record.steps[0].error.type).to.equal('InvalidParams');
    expect(record.steps[0].error.message).to.match(/with\.fetcher\.skip_ssl_verification: a step may not turn TLS verification down for connector "secure-api"/);
    expect(server.requests).to.have.length(0);

    // Left false, the connector's own verification applies: the self-signed server is refused.
    const verified = await cli(['run', 'templated.yaml', '--json']);
    expect(verified.code).to.equal(1);
    expect(JSON.parse(verified.stdout).steps[0].error.message).to.match(/self.signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT/i);
    expect(server.requests).to.have.length(0);
  });

  it('connectors test refuses it too', async () => {
    const res = await cli(['connectors', 'test', 'secure-api', '--params', '{"path":"/x","fetcher":{"skip_ssl_verification":true}}']);
    expect(res.code).to.equal(2);
    expect(res.stderr).to.match(/params\.fetcher\.skip_ssl_verification: a step may not turn TLS verification down/);
    expect(server.requests).to.have.length(0);
  });

  it('allows it for a connector without secrets, and everywhere with networking.allowStepTlsOverride: true', async () => {
    const open = await cli(['run', 'no-secrets.yaml']);
    expect(open.code, open.stderr).to.equal(0);
    expect(authorizations()).to.deep.equal([undefined]);

    server.requests.length = 0;
    expect((await cli(['validate', 'insecure.yaml'], 'allowing.yaml')).code).to.equal(0);
    const allowed = await cli(['run', 'insecure.yaml'], 'allowing.yaml');
    expect(allowed.code, allowed.stderr).to.equal(0);
    expect(authorizations()).to.deep.equal([`Bearer ${TOKEN}`]);
  });
});
