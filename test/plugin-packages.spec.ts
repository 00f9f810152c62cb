import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn } from '../sdk/src/testing/stand-in-server';
import { createRelayflow } from '../core/src/runtime/create-relayflow';
import { RelayflowError } from '../core/src/errors/relayflow-error';
import { ECHO_PLUGIN, ROOT, runCli, type CliResult } from './support/cli';
import { npmInstall, packPackages, packRelayflow } from './support/packed-relayflow';
import { tempDir } from './support/temp-dir';

/** A project outside the repository with the packed core and sdk, and the given plugin packages, installed. */
function hostProject(name: string, pluginDirs: string[]): { dir: string; relayflow: (args: string[], env: NodeJS.ProcessEnv, input?: string) => Promise<CliResult> } {
  const packed = packRelayflow();
  const dir = tempDir('relayflow-host-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  npmInstall(dir, [...packed.all, ...packPackages(pluginDirs, dir)]);
  const bin = join(dir, 'node_modules', '.bin', 'relayflow');
  return { dir, relayflow: (args, env, input) => runCli(args, { cwd: dir, env, input, bin }) };
}

/** Links the workspace's @relayflow/core and @relayflow/sdk into a project, for in-process tests that use the workspace's core. */
function linkRelayflow(project: string): void {
  mkdirSync(join(project, 'node_modules', '@relayflow'), { recursive: true });
  symlinkSync(join(ROOT, 'core'), join(project, 'node_modules', '@relayflow', 'core'));
  symlinkSync(join(ROOT, 'sdk'), join(project, 'node_modules', '@relayflow', 'sdk'));
}

describe('plugin packages', function () {
  // Each host project installs the packed core, sdk and plugin (~5 s, the npm cache being warm).
  this.timeout(60_000);

  it('discovers a plugin package installed from a tarball and uses it', async () => {
    const host = hostProject('host-project', [ECHO_PLUGIN]);
    expect(readdirSync(join(host.dir, 'node_modules'))).to.include('relayflow-plugin-echo-fixture');

    const env = { RELAYFLOW_ENCRYPTION_KEY: 'discovery-test-key-0123456789abcdefgh' };
    const types = await host.relayflow(['connectors', 'types', '--json'], env);
    expect(types.code, types.stderr).to.equal(0);
    expect(JSON.parse(types.stdout).map((t: { id: string; plugin: string }) => [t.id, t.plugin])).to.deep.equal([['echo', 'echo-fixture']]);

    const created = await host.relayflow(['connectors', 'create', '--type', 'echo', '--name', 'found', '--secrets', '{"token":"discovered-token"}'], env);
    expect(created.code, created.stderr).to.equal(0);
    const tested = await host.relayflow(['connectors', 'test', 'found', '--params', '{"message":"via discovery"}', '--json'], env);
    expect(JSON.parse(tested.stdout)).to.deep.equal({ status: 'ok', data: { message: 'via discovery', tokenLength: 16 } });
  });

  it('fails at startup, naming both versions, when an installed plugin needs another SDK', async () => {
    const host = hostProject('host-project', [join(ROOT, 'test', 'fixtures', 'plugins', 'future-sdk')]);
    const res = await host.relayflow(['connectors', 'types'], { RELAYFLOW_ENCRYPTION_KEY: 'future-sdk-test-key-0123456789abcdefgh' });
    expect(res.code).to.equal(2);
    expect(res.stderr.trim()).to.equal('error: plugin package relayflow-plugin-future-sdk-fixture@2.3.0 requires @relayflow/sdk ^2.0.0, but this Relayflow provides SDK 1.0.0; install a version of the plugin built for SDK 1.x, or a Relayflow whose SDK matches ^2.0.0');
  });

  it('runs a workflow with a third-party plugin packed with npm pack and found by discovery', async () => {
    const host = hostProject('pagerduty-host', [join(ROOT, 'examples', 'custom-connector')]);
    const project = host.dir;
    const received: unknown[] = [];
    const pd = await startStandIn({ 'POST /v2/enqueue': (req) => { received.push(req.json); return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'dk-1' } }; } });
    try {
      writeFileSync(join(project, 'relayflow.yaml'), [
        'networking: { allowedHosts: ["127.0.0.1"] }',
        'connectors:',
        '  - id: 2b8e6f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
        '    name: oncall',
        '    type: pagerduty',
        `    config: { apiUrl: "${pd.url}" }`,
        '    secrets: { routingKey: "PACKEDROUTINGKEY0000000000000000" }',
        '',
      ].join('\n'));
      writeFileSync(join(project, 'page.yaml'), [
        'name: page-oncall',
        'steps:',
        '  - name: page',
        '    type: pagerduty.trigger',
        '    connector-id: oncall',
        '    with: { summary: "{{ event.name }}", source: "{{ event.host }}", severity: critical }',
        '',
      ].join('\n'));
      const env = { RELAYFLOW_ENCRYPTION_KEY: 'packed-plugin-test-key-0123456789abcdef' };
      const plugins = await host.relayflow(['plugins', 'list', '--json'], env);
      expect(JSON.parse(plugins.stdout)).to.deep.equal([{
        // The web console comes with the CLI (a dependency of @relayflow/core).
        id: 'relayflow-console', package: '@relayflow/console', version: '1.0.0', connectorTypes: [],
        source: join(project, 'node_modules', '@relayflow', 'console', 'dist', 'index.js'),
      }, {
        id: 'acme-pagerduty', package: 'relayflow-plugin-pagerduty', version: '1.0.0', connectorTypes: ['pagerduty'],
        source: join(project, 'node_modules', 'relayflow-plugin-pagerduty', 'dist', 'index.js'),
      }]);
      const run = await host.relayflow(['run', 'page.yaml', '--event', '-', '--json'], env, '{"name":"Disk full","host":"db-1"}');
      expect(run.code, run.stderr).to.equal(0);
      const record = JSON.parse(run.stdout);
      expect(record.status).to.equal('completed');
      expect(record.steps[0]).to.deep.include({ name: 'page', type: 'pagerduty.trigger', status: 'completed', output: { status: 'success', message: 'Event processed', dedupKey: 'dk-1' } });
      expect(received).to.deep.equal([{ routing_key: 'PACKEDROUTINGKEY0000000000000000', event_action: 'trigger', payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' } }]);
      expect(run.stdout).to.not.include('PACKEDROUTINGKEY');
    } finally {
      await pd.close();
    }
  });

  it("refuses a plugin's invalid config when the plugin bundles its own class-validator and class-transformer", async () => {
    // Inside the repository so the copied class-validator still finds its own dependencies.
    mkdirSync(join(ROOT, 'test', '.tmp'), { recursive: true });
    const project = mkdtempSync(join(ROOT, 'test', '.tmp', 'own-validator-'));
    after(() => rmSync(project, { recursive: true, force: true }));
    const plugin = join(project, 'node_modules', 'relayflow-plugin-own-validator-fixture');
    cpSync(join(ROOT, 'test', 'fixtures', 'plugins', 'own-validator'), plugin, { recursive: true });
    for (const lib of ['class-validator', 'class-transformer']) {
      cpSync(join(ROOT, 'node_modules', lib), join(plugin, 'node_modules', lib), { recursive: true });
    }
    linkRelayflow(project);

    const rf = await createRelayflow({ plugins: [plugin], dataDir: join(project, 'data'), env: {}, config: { encryptionKey: 'own-validator-test-key-0123456789abcd' } });
    try {
      await rf.connectors.create({ type: 'own-validator', name: 'bad', config: { endpoint: { url: 'not a url at all' } } });
      expect.fail('the invalid config was accepted');
    } catch (err) {
      expect(RelayflowError.is(err)).to.equal(true);
      expect((err as RelayflowError).code).to.equal('VALIDATION_FAILED');
      expect((err as RelayflowError).problems.map((p) => p.path)).to.deep.equal(['config.endpoint']);
      expect((err as Error).message).to.include('bundles its own copy of class-transformer');
    } finally {
      await rf.stop();
    }
  });
});
