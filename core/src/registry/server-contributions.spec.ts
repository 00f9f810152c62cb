import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { RelayflowError } from '../errors/relayflow-error';
import { ServerContributionsImpl } from './server-contributions';

function codeOf(fn: () => void): { code?: string; message: string } {
  try {
    fn();
  } catch (err) {
    return { code: RelayflowError.is(err) ? err.code : undefined, message: (err as Error).message };
  }
  throw new Error('expected it to throw');
}

describe('ServerContributionsImpl', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'relayflow-static-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('.registerStaticAssets', () => {
    it('keeps each contribution with its plugin, in order', () => {
      const registry = new ServerContributionsImpl();
      registry.registerStaticAssets({ id: 'console', prefix: '/', root, immutable: ['assets'] }, 'relayflow-console');
      registry.registerStaticAssets({ id: 'docs', prefix: '/docs/v1/', root }, 'docs');
      expect(registry.staticAssets()).to.deep.equal([
        { assets: { id: 'console', prefix: '/', root, immutable: ['assets'] }, pluginId: 'relayflow-console' },
        { assets: { id: 'docs', prefix: '/docs/v1/', root, immutable: [] }, pluginId: 'docs' },
      ]);
    });

    it('refuses a prefix under /api/, a malformed prefix, a relative or missing root and bad immutable folders, naming the plugin', () => {
      const registry = new ServerContributionsImpl();
      const file = join(root, 'file.txt');
      writeFileSync(file, 'x');
      for (const [assets, words] of [
        [{ id: 'x', prefix: '/api/', root }, 'must not be under /api/'],
        [{ id: 'x', prefix: 'console', root }, 'prefix must be "/" or "/name/"'],
        [{ id: 'x', prefix: '/../', root }, 'prefix must be'],
        [{ id: 'x', prefix: '/', root: 'dist/web' }, 'root must be an absolute path'],
        [{ id: 'x', prefix: '/', root: join(root, 'missing') }, 'is not a folder'],
        [{ id: 'x', prefix: '/', root: file }, 'is not a folder'],
        [{ id: 'x', prefix: '/', root, immutable: ['../up'] }, 'immutable must be a list of sub-folders'],
        [{ id: '', prefix: '/', root }, 'id must be a non-empty string'],
      ] as const) {
        const err = codeOf(() => registry.registerStaticAssets(assets as never, 'bad-plugin'));
        expect(err.code, words).to.equal('PLUGIN_INVALID');
        expect(err.message).to.include('plugin "bad-plugin"').and.include(words);
      }
      expect(registry.staticAssets()).to.deep.equal([]);
    });

    it('refuses a prefix another plugin took, naming both', () => {
      const registry = new ServerContributionsImpl();
      registry.registerStaticAssets({ id: 'console', prefix: '/', root }, 'relayflow-console');
      const err = codeOf(() => registry.registerStaticAssets({ id: 'other', prefix: '/', root }, 'other-console'));
      expect(err.code).to.equal('DUPLICATE_TYPE');
      expect(err.message).to.include('"relayflow-console"').and.include('"other-console"');
    });

    it('refuses registrations after freeze', () => {
      const registry = new ServerContributionsImpl();
      registry.freeze();
      expect(codeOf(() => registry.registerStaticAssets({ id: 'late', prefix: '/', root }, 'late-plugin')).code).to.equal('REGISTRY_FROZEN');
    });
  });
});
