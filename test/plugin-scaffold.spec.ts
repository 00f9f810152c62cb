import { expect } from 'chai';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { npm, npmInstall, npx, packRelayflow } from './support/packed-relayflow';
import { tempDir } from './support/temp-dir';

describe('relayflow plugin init', function () {
  it('creates a plugin package that, outside the repository and from the packed tarballs, passes its own test, packs, and is discovered', async function () {
    // npx install (~10 s), the plugin's install (~7 s), its test, build and pack, a host install (~5 s).
    this.timeout(150_000);
    const packed = packRelayflow();
    const work = tempDir('relayflow-scaffold-');

    // sdk/README, step 1, tarball route: npx -p relayflow-core-1.0.0.tgz relayflow plugin init NAME
    const made = JSON.parse(npx(packed.all, ['relayflow', 'plugin', 'init', '@acme/relayflow-plugin-tickets', '--json'], work)) as { dir: string; connectorType: string; files: string[] };
    expect(made.dir).to.equal(join(work, 'relayflow-plugin-tickets'));
    expect(made.connectorType).to.equal('tickets');
    expect(made.files).to.include.members(['package.json', 'src/index.ts', 'src/index.spec.ts', 'README.md']);
    const generated = readFileSync(join(made.dir, 'package.json'), 'utf8');
    const pkg = JSON.parse(generated);
    expect(pkg.relayflow).to.deep.equal({ plugin: './dist/index.js', sdk: '^1.0.0' });
    expect(pkg.peerDependencies).to.have.property('@relayflow/sdk', '^1.0.0');

    // Its own dev dependencies (mocha, tsx, chai, typescript) come from the registry, Relayflow from the tarballs.
    npmInstall(made.dir, packed.all, { save: false });
    expect(readFileSync(join(made.dir, 'package.json'), 'utf8'), 'npm install --no-save left package.json as generated').to.equal(generated);
    for (const name of ['core', 'sdk']) {
      expect(lstatSync(join(made.dir, 'node_modules', '@relayflow', name)).isSymbolicLink(), `@relayflow/${name} is installed, not linked`).to.equal(false);
    }
    expect(npm(['test'], made.dir)).to.match(/3 passing/);

    // sdk/README, step 4: npm pack (prepack builds dist/); the tarball holds the build, not the tests.
    const out = JSON.parse(npm(['pack', '--json', '--pack-destination', work], made.dir)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(out[0].files.map((f) => f.path).sort()).to.deep.equal(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);

    // sdk/README, step 4: a project that installs Relayflow and the packed plugin discovers it.
    const host = tempDir('relayflow-scaffold-host-');
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'my-automation', version: '1.0.0', private: true }));
    npmInstall(host, [...packed.all, join(work, out[0].filename)]);
    const listed = await runCli(['plugins', 'list', '--json'], { cwd: host, bin: join(host, 'node_modules', '.bin', 'relayflow'), env: { RELAYFLOW_ENCRYPTION_KEY: 'scaffold-host-key-0123456789abcdefghij' } });
    expect(listed.code, listed.stderr).to.equal(0);
    expect(JSON.parse(listed.stdout)).to.deep.equal([{
      id: 'acme-relayflow-plugin-tickets', package: '@acme/relayflow-plugin-tickets', version: '0.1.0', connectorTypes: ['tickets'],
      source: join(host, 'node_modules', '@acme', 'relayflow-plugin-tickets', 'dist', 'index.js'),
    }, {
      // The web console comes with the CLI (a dependency of @relayflow/core).
      id: 'relayflow-console', package: '@relayflow/console', version: '1.0.0', connectorTypes: [],
      source: join(host, 'node_modules', '@relayflow', 'console', 'dist', 'index.js'),
    }]);
  });

  it('refuses an existing directory and an invalid name with exit code 2', async () => {
    const base = tempDir('relayflow-scaffold-');
    expect((await runCli(['plugin', 'init', 'Not A Name'], { cwd: base })).code).to.equal(2);
    await runCli(['plugin', 'init', 'relayflow-plugin-twice'], { cwd: base });
    const again = await runCli(['plugin', 'init', 'relayflow-plugin-twice'], { cwd: base });
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/already exists/);
  });
});
