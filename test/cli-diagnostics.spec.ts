import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

const KEY = 'diagnostics-test-encryption-key-0123456789';
const STORED_SECRET = 'https://hooks.example.com/services/T0/B0/stored-diagnostics-secret';

/**
 * Issue 17, item 2: diagnostics never refuse to diagnose. The reproduction: a relayflow.yaml
 * whose encryption key and a connector's secret come from variables that are not set (as in CI,
 * where workflows are checked without production secrets), and a connector whose type's plugin
 * is not installed.
 */
describe('relayflow diagnostics with an incomplete relayflow.yaml (CLI)', function () {
  this.timeout(60_000);
  let cwd: string;
  const file = (): string => join(cwd, 'relayflow.yaml');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(args, { cwd, env });

  before(() => {
    cwd = tempDir();
    writeFileSync(file(), [
      'encryptionKey: ${env:DIAG_KEY}',
      'connectors:',
      '  - id: ops',
      '    name: ops',
      '    type: slack',
      '    secrets:',
      '      webhookUrl: ${env:DIAG_SLACK_URL}',
      '  - id: pager',
      '    name: pager',
      '    type: opsgenie',
      '    config: { apiUrl: "https://api.example.com" }',
      '',
    ].join('\n'));
    writeFileSync(join(cwd, 'notify.yaml'), [
      'name: notify',
      'steps:',
      '  - name: tell_ops',
      '    type: slack',
      '    connector-id: ops',
      '    with: { message: "hello" }',
      '',
    ].join('\n'));
    writeFileSync(join(cwd, 'broken.yaml'), 'name: broken\nsteps:\n  - name: a\n    type: console\n    with: { mesage: x }\n');
  });

  /** The three problems of the config, as warnings on stderr (never on stdout). */
  function expectWarnings(res: CliResult): void {
    expect(res.stderr).to.include(`warning: ${file()}:1:16: environment variable DIAG_KEY is not set (referenced as \${env:DIAG_KEY})`);
    expect(res.stderr).to.include(`warning: ${file()}:7:19: environment variable DIAG_SLACK_URL is not set (referenced as \${env:DIAG_SLACK_URL})`);
    expect(res.stderr).to.match(new RegExp(`warning: ${file()}:10:11: unknown connector type "opsgenie"`));
    expect(res.stdout).to.not.include('warning');
    expect(res.stderr).to.not.match(/^\s+at /m);
  }

  it('plugins list and connectors types work and say what is wrong as warnings', async () => {
    const plugins = await cli(['plugins', 'list', '--json']);
    expect(plugins.code, plugins.stderr).to.equal(0);
    expectWarnings(plugins);
    expect(JSON.parse(plugins.stdout).map((p: { package: string }) => p.package)).to.include('@relayflow/plugin-slack');

    const types = await cli(['connectors', 'types']);
    expect(types.code, types.stderr).to.equal(0);
    expectWarnings(types);
    expect(types.stdout).to.match(/slack \(\.slack\)\s+│/);
  });

  it('--help and --version work', async () => {
    for (const args of [['--help'], ['--version'], ['plugins', 'list', '--help'], ['validate', '--help']]) {
      const res = await cli(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).to.equal(0);
      expect(res.stdout).to.not.equal('');
    }
  });

  it('validate checks workflows, also one naming the connector whose secret is not set', async () => {
    const ok = await cli(['validate', 'notify.yaml']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal('notify.yaml: ok\n');
    expectWarnings(ok);

    // The workflow's own problems still count.
    const bad = await cli(['validate', 'notify.yaml', 'broken.yaml']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/broken\.yaml:5:\d+: unknown key "mesage"/);
  });

  it('commands that need the config whole still exit 2, naming each problem', async () => {
    for (const args of [['run', 'notify.yaml'], ['connectors', 'list'], ['connectors', 'create', '--type', 'slack', '--name', 'x', '--secrets', '{"webhookUrl":"https://hooks.example.com/x/y"}']]) {
      const res = await cli(args);
      expect(res.code, args.join(' ')).to.equal(2);
      expect(res.stderr).to.include(`${file()}:1:16: environment variable DIAG_KEY is not set`);
      expect(res.stderr).to.not.include('warning:');
    }
    // With the variables set, the connector of the missing plugin still stops them.
    const run = await cli(['run', 'notify.yaml'], { DIAG_KEY: KEY, DIAG_SLACK_URL: 'https://hooks.example.com/services/T/B/x' });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/relayflow\.yaml:10:11: unknown connector type "opsgenie"/);
  });

  it('a key that cannot open the stored secrets is a warning for diagnostics only', async () => {
    const dataDir = tempDir();
    const config = join(dataDir, 'relayflow.yaml');
    writeFileSync(config, 'encryptionKey: ${env:DIAG_KEY}\n');
    const base = ['--config', config, '--data-dir', dataDir];
    const created = await cli([...base, 'connectors', 'create', '--type', 'slack', '--name', 'stored', '--secrets', JSON.stringify({ webhookUrl: STORED_SECRET })], { DIAG_KEY: KEY });
    expect(created.code, created.stderr).to.equal(0);

    const types = await cli([...base, 'connectors', 'types', '--json']);
    expect(types.code, types.stderr).to.equal(0);
    expect(types.stderr).to.match(/warning: .*holds encrypted secrets, but no encryption key is configured.*\(stored connectors cannot be used\)/);
    const validate = await cli([...base, 'validate', join(cwd, 'broken.yaml')]);
    expect(validate.stderr).to.match(/unknown key "mesage"/);

    const list = await cli([...base, 'connectors', 'list']);
    expect(list.code).to.equal(2);
    for (const res of [types, validate, list]) expect(res.stdout + res.stderr).to.not.include(STORED_SECRET);
  });
});
