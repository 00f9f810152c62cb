import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { PluginSetupContext, StaticAssets } from '@relayflow/sdk';
import consoleDefault, { CONSOLE_ROOT, consolePlugin } from './index';

function setUp(root?: string): { assets: StaticAssets[]; warnings: string[] } {
  const assets: StaticAssets[] = [];
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn(message: string) { warnings.push(message); }, error() {}, child() { return logger; } };
  const ctx = { logger, registerStaticAssets: (a: StaticAssets) => assets.push(a), registerConnectorType() {}, registerStepKind() {} } as unknown as PluginSetupContext;
  void (root === undefined ? consoleDefault : consolePlugin(root)).setup(ctx);
  return { assets, warnings };
}

describe('@relayflow/console', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'relayflow-console-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('contributes its built files at /, hashed assets immutable', () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    expect(setUp(dir)).to.deep.equal({ assets: [{ id: 'console', prefix: '/', root: dir, immutable: ['assets'] }], warnings: [] });
  });

  it('contributes nothing and says how to build it when its files are missing', () => {
    const { assets, warnings } = setUp(dir);
    expect(assets).to.deep.equal([]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('not built').and.include('npm run build');
  });

  it('serves the package\'s own dist/web by default (built by npm run build)', () => {
    expect(CONSOLE_ROOT).to.match(/plugins[\\/]console[\\/]dist[\\/]web$/);
    expect(setUp().assets.map((a) => a.root)).to.deep.equal([CONSOLE_ROOT]);
  });
});
