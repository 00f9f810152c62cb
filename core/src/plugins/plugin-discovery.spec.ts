import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
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
    it("is the config file's folder, then the current directory", () => {
      const configDir = tempDir();
      expect(pluginSearchDirs(configDir)).to.deep.equal([configDir, process.cwd()]);
      expect(pluginSearchDirs(process.cwd())).to.deep.equal([process.cwd()]);
    });
  });
});
