import { expect } from 'chai';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/temp-dir';
import { discoverPluginPackages, pluginSearchDirs } from './plugin-discovery';

/** Writes node_modules/NAME/package.json under `root`; a plugin when `plugin` is true. */
function installed(root: string, name: string, version: string, plugin = true): void {
  const dir = join(root, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, ...(plugin ? { relayflow: { plugin: './index.js', sdk: '^1.0.0' } } : {}) }));
}

describe('plugin discovery', () => {
  describe('discoverPluginPackages', () => {
    it('finds plugin packages from every start folder, the first folder winning for a package found in both', () => {
      const configDir = tempDir();
      const projectDir = tempDir();
      installed(configDir, 'relayflow-plugin-shared', '2.0.0');
      installed(configDir, 'relayflow-plugin-config-only', '1.0.0');
      installed(projectDir, 'relayflow-plugin-shared', '1.0.0');
      installed(projectDir, '@acme/relayflow-plugin-project', '0.1.0');
      installed(projectDir, 'left-pad', '1.3.0', false);

      const found = discoverPluginPackages([configDir, projectDir]);
      expect(found.map((p) => [p.name, p.version, p.dir])).to.deep.equal([
        ['@acme/relayflow-plugin-project', '0.1.0', join(projectDir, 'node_modules', '@acme', 'relayflow-plugin-project')],
        ['relayflow-plugin-config-only', '1.0.0', join(configDir, 'node_modules', 'relayflow-plugin-config-only')],
        ['relayflow-plugin-shared', '2.0.0', join(configDir, 'node_modules', 'relayflow-plugin-shared')],
      ]);
      expect(discoverPluginPackages([projectDir, configDir]).find((p) => p.name === 'relayflow-plugin-shared')?.version).to.equal('1.0.0');
    });

    it('looks in the node_modules folders of the parents too, the nearest copy winning', () => {
      const root = tempDir();
      const nested = join(root, 'a', 'b');
      mkdirSync(nested, { recursive: true });
      installed(root, 'relayflow-plugin-up', '1.0.0');
      installed(join(root, 'a'), 'relayflow-plugin-up', '1.1.0');
      expect(discoverPluginPackages([nested]).map((p) => p.version)).to.deep.equal(['1.1.0']);
    });
  });

  describe('pluginSearchDirs', () => {
    it("is the config file's folder, then the current directory, then where this core is installed", () => {
      const configDir = tempDir();
      const installed = tempDir();
      expect(pluginSearchDirs(configDir, installed)).to.deep.equal([configDir, process.cwd(), installed]);
      expect(pluginSearchDirs(process.cwd(), installed)).to.deep.equal([process.cwd(), installed]);
      expect(pluginSearchDirs(process.cwd(), process.cwd())).to.deep.equal([process.cwd()]);
    });

    it('ends with the real folder of the running core: the repository workspace here', () => {
      const dirs = pluginSearchDirs(process.cwd());
      expect(dirs[dirs.length - 1]).to.equal(realpathSync(join(__dirname, '..', '..')));
      expect(discoverPluginPackages([dirs[dirs.length - 1]]).map((p) => p.name)).to.include.members([
        '@relayflow/plugin-cases-webhook', '@relayflow/plugin-http', '@relayflow/plugin-jira', '@relayflow/plugin-slack',
      ]);
    });
  });
});
