import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './support/cli';
import { tempDir } from './support/temp-dir';

const env = { RELAYFLOW_ENCRYPTION_KEY: 'plugin-cli-test-key-0123456789abcdefgh' };

/** Installs a minimal plugin package (no connector types) into `root`/node_modules. */
function installPlugin(root: string, name: string, id: string): void {
  const dir = join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', relayflow: { plugin: './index.js', sdk: '^1.0.0' } }));
  writeFileSync(join(dir, 'index.js'), `module.exports = { id: ${JSON.stringify(id)}, sdk: '^1.0.0', setup() {} };\n`);
}

describe('relayflow plugins (CLI)', function () {
  this.timeout(30_000);

  it("discovers plugins beside a --config file elsewhere and in the current directory, the config file's folder first", async () => {
    const project = tempDir('relayflow-project-');
    const elsewhere = tempDir('relayflow-config-');
    installPlugin(project, 'relayflow-plugin-in-project', 'in-project');
    installPlugin(project, 'relayflow-plugin-both', 'both-from-project');
    installPlugin(elsewhere, 'relayflow-plugin-beside-config', 'beside-config');
    installPlugin(elsewhere, 'relayflow-plugin-both', 'both-from-config');
    writeFileSync(join(elsewhere, 'x.yaml'), 'store: sqlite\n');

    const res = await runCli(['plugins', 'list', '--config', join(elsewhere, 'x.yaml'), '--data-dir', join(project, 'data'), '--json'], { cwd: project, env });
    expect(res.code, res.stderr).to.equal(0);
    // Plugins beside the running relayflow (this repository's, issue 17 item 1) are listed too.
    const loaded: Array<[string, string]> = JSON.parse(res.stdout).map((p: { id: string; source: string }) => [p.id, p.source]);
    expect(loaded.filter(([, source]) => !source.startsWith(ROOT))).to.deep.equal([
      ['beside-config', join(elsewhere, 'node_modules', 'relayflow-plugin-beside-config', 'index.js')],
      ['both-from-config', join(elsewhere, 'node_modules', 'relayflow-plugin-both', 'index.js')],
      ['in-project', join(project, 'node_modules', 'relayflow-plugin-in-project', 'index.js')],
    ]);
  });

  it('names a plugin that fails in setup with a RelayflowError, its package, and what to do (exit 2)', async () => {
    const project = tempDir('relayflow-project-');
    writeFileSync(join(project, 'relayflow.yaml'), `plugins: [${JSON.stringify(join(ROOT, 'test', 'fixtures', 'plugins', 'misconfigured'))}]\n`);
    const res = await runCli(['connectors', 'types'], { cwd: project, env });
    expect(res.code).to.equal(2);
    expect(res.stdout).to.equal('');
    expect(res.stderr).to.equal('error: plugin "misconfigured-fixture" (relayflow-plugin-misconfigured-fixture@0.2.0) failed in setup: CONFIG_INVALID: missing apiUrl; apiUrl: set ACME_API_URL. '
      + 'Fix what the plugin reports (its settings or environment), upgrade it, or stop loading it (npm uninstall relayflow-plugin-misconfigured-fixture, or list only the plugins you want under plugins: in relayflow.yaml)\n');
  });
});
