import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './support/cli';

describe('relayflow plugin init', function () {
  this.timeout(120_000);
  let base: string;

  before(() => {
    // Inside the repository: the generated package resolves @relayflow/* and its dev tools from
    // the workspace, as it would from its own node_modules after `npm install` once published.
    mkdirSync(join(ROOT, 'test', '.tmp'), { recursive: true });
    base = mkdtempSync(join(ROOT, 'test', '.tmp', 'scaffold-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('creates a plugin package whose own build and test pass from a fresh directory', async () => {
    const res = await runCli(['plugin', 'init', '@acme/relayflow-plugin-tickets', '--json'], { cwd: base });
    expect(res.code, res.stderr).to.equal(0);
    const made = JSON.parse(res.stdout) as { dir: string; connectorType: string; files: string[] };
    expect(made.connectorType).to.equal('tickets');
    expect(made.files).to.include.members(['package.json', 'src/index.ts', 'src/index.spec.ts', 'README.md']);
    const pkg = JSON.parse(readFileSync(join(made.dir, 'package.json'), 'utf8'));
    expect(pkg.relayflow).to.deep.equal({ plugin: './dist/index.js', sdk: '^1.0.0' });
    expect(pkg.peerDependencies).to.have.property('@relayflow/sdk');

    const test = execFileSync('npm', ['test'], { cwd: made.dir, encoding: 'utf8', stdio: 'pipe' });
    expect(test).to.match(/3 passing/);
    execFileSync('npm', ['run', 'build'], { cwd: made.dir, stdio: 'pipe' });
    expect(existsSync(join(made.dir, 'dist', 'index.js'))).to.equal(true);
    expect(existsSync(join(made.dir, 'dist', 'index.spec.js'))).to.equal(false);
  });

  it('refuses an existing directory and an invalid name with exit code 2', async () => {
    expect((await runCli(['plugin', 'init', 'Not A Name'], { cwd: base })).code).to.equal(2);
    await runCli(['plugin', 'init', 'relayflow-plugin-twice'], { cwd: base });
    const again = await runCli(['plugin', 'init', 'relayflow-plugin-twice'], { cwd: base });
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/already exists/);
  });
});
