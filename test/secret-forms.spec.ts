import { expect } from 'chai';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './support/cli';
import { startTestServer, type TestServer } from './support/test-server';
import { tempDir } from './support/temp-dir';

const KEY = 'secret-forms-test-encryption-key-0123456789';
const USER = 'hookuser';
const PASSWORD = 'Pa55&w0rd-x91';

/**
 * Issue 17, item 3c: a secret URL's credentials (`https://user:pass@host/...`) and their Basic
 * form, and the HTML-escaped and double-URL-encoded forms of a secret, came back from a service
 * unredacted; and a secret of 1-3 characters (which redaction must skip) could be saved.
 */
describe('the forms a secret travels in, echoed by a service (CLI)', function () {
  this.timeout(60_000);
  let echo: TestServer;
  let cwd: string;
  let webhookUrl: string;
  /** Every form the stand-in echoes; none may show anywhere. */
  let forms: Record<string, string>;
  const cli = (args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', join(cwd, 'data')], { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
  const expectNoForm = (text: string, where: string): void => {
    for (const [name, form] of Object.entries(forms)) expect(text, `${where} shows the ${name}`).to.not.include(form);
  };

  before(async () => {
    // An HTML error page that quotes the credentials it got and the URL it was called with, in
    // the forms HTML pages and proxies use.
    echo = await startTestServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end(`<html><body><p>Rejected ${Object.values(forms).join(' | ')}</p></body></html>`);
    });
    webhookUrl = `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${echo.port}/services/T0/B0/XYZ?sig=a1b2c3&ts=99`;
    const pair = `${USER}:${PASSWORD}`;
    forms = {
      password: PASSWORD,
      'password as written in the URL': encodeURIComponent(PASSWORD),
      'user:password pair': pair,
      'Basic form': Buffer.from(pair).toString('base64'),
      'HTML-escaped password': PASSWORD.replace('&', '&amp;'),
      'HTML-escaped URL path': '/services/T0/B0/XYZ?sig=a1b2c3&amp;ts=99',
      'double-URL-encoded URL': encodeURIComponent(encodeURIComponent(webhookUrl)),
      'double-URL-encoded path': encodeURIComponent(encodeURIComponent('/services/T0/B0/XYZ?sig=a1b2c3&ts=99')),
    };
    cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), 'store: sqlite\n');
    writeFileSync(join(cwd, 'notify.yaml'), 'name: notify\nsteps:\n  - { name: tell, type: slack, connector-id: hook, with: { message: hi } }\n');
  });
  after(() => echo.close());

  it('redacts every form from the test result, the run, its record and the store', async () => {
    const created = await cli(['connectors', 'create', '--type', 'slack', '--name', 'hook', '--secrets', JSON.stringify({ webhookUrl })]);
    expect(created.code, created.stderr).to.equal(0);

    const tested = await cli(['connectors', 'test', 'hook', '--params', '{"message":"hi"}', '--json']);
    expect(tested.code).to.equal(1);
    const result = JSON.parse(tested.stdout) as { status: string; message: string; serviceMessage: string };
    expect(result.serviceMessage).to.match(/^<html><body><p>Rejected \[REDACTED\] \| \[REDACTED\] \|/);
    expectNoForm(tested.stdout + tested.stderr, 'connectors test');

    const run = await cli(['run', 'notify.yaml', '--json']);
    expect(run.code).to.equal(1);
    expectNoForm(run.stdout + run.stderr, 'run');
    const stored = await cli(['executions', 'get', JSON.parse(run.stdout).id, '--json']);
    expectNoForm(stored.stdout, 'executions get');
    for (const file of readdirSync(join(cwd, 'data'))) expectNoForm(readFileSync(join(cwd, 'data', file), 'latin1'), file);
  });

  it('refuses secrets shorter than 4 characters when saved, naming the key and never the value', async () => {
    const create = await cli(['connectors', 'create', '--type', 'http', '--name', 'short', '--config', '{"url":"https://api.example.com"}', '--secrets', '{"user":"zq","password":"long-enough-password"}']);
    expect(create.code).to.equal(2);
    expect(create.stderr).to.match(/^error: secrets\.user is too short to keep secret: a secret needs at least 4 characters/);
    expect(create.stderr).to.not.include('zq');

    const created = await cli(['connectors', 'create', '--type', 'http', '--name', 'short', '--config', '{"url":"https://api.example.com"}', '--secrets', '{"secretHeaders":{"X-Key":"long-enough-key"}}']);
    expect(created.code, created.stderr).to.equal(0);
    const update = await cli(['connectors', 'update', 'short', '--secrets', '{"secretHeaders":{"X-Key":"k9"}}', '--json']);
    expect(update.code).to.equal(2);
    expect(update.stderr).to.include('secrets.secretHeaders.X-Key is too short to keep secret');
    expect(update.stderr + update.stdout).to.not.include('k9');
  });
});
