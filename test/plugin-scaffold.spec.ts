import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main as createPlugin } from '../sdk/create-relayflow-plugin/src/cli';
import { runCli } from './support/cli';
import { npm, npmInstall, npx, packRelayflow } from './support/packed-relayflow';
import { tempDir } from './support/temp-dir';

/** Every file under a folder (relative paths), recursively. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path)];
  });
}

/** Waits until `check` holds, polling; fails naming `what` after `ms`. */
async function until(what: string, check: () => boolean, ms: number, output: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) expect.fail(`${what} did not happen within ${ms} ms; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm create relayflow-plugin (create-relayflow-plugin) and its alias relayflow plugin init', function () {
  it('writes the scaffold from the packed initializer (no native module) in seconds; it installs, tests, lints, watches, packs, and is discovered', async function () {
    // the initializer (~3 s), the plugin's install (~10 s), its test, lint, build, watch, pack, a host install (~5 s).
    this.timeout(240_000);
    const packed = packRelayflow();
    const work = tempDir('relayflow-scaffold-');

    // The initializer has no dependencies at all: npx installs only it, with nothing to compile.
    const initializerManifest = JSON.parse(execFileSync('tar', ['-xOzf', packed.initializer, 'package/package.json'], { encoding: 'utf8' }));
    expect(initializerManifest.dependencies ?? {}).to.deep.equal({});
    const started = Date.now();
    // `npm create relayflow-plugin NAME` runs exactly this: npm exec create-relayflow-plugin NAME.
    const made = JSON.parse(npx([packed.initializer], ['create-relayflow-plugin', '@acme/relayflow-plugin-tickets', '--json'], work)) as { dir: string; connectorType: string; files: string[] };
    expect(Date.now() - started, 'the scaffold is written in seconds').to.be.below(60_000);
    expect(made.dir).to.equal(join(work, 'relayflow-plugin-tickets'));
    expect(made.connectorType).to.equal('tickets');
    expect(made.files).to.include.members(['package.json', 'src/index.ts', 'src/index.spec.ts', 'eslint.config.mjs', 'README.md']);
    const generated = readFileSync(join(made.dir, 'package.json'), 'utf8');
    const pkg = JSON.parse(generated);
    expect(pkg.relayflow).to.deep.equal({ plugin: './dist/index.js', sdk: '^1.0.0' });
    expect(pkg.peerDependencies).to.have.property('@relayflow/sdk', '^1.0.0');

    // Its own dev dependencies (mocha, tsx, chai, typescript, eslint, ...) come from the registry, Relayflow from the tarballs.
    npmInstall(made.dir, packed.all, { save: false });
    expect(readFileSync(join(made.dir, 'package.json'), 'utf8'), 'npm install --no-save left package.json as generated').to.equal(generated);
    for (const name of ['core', 'sdk']) {
      expect(lstatSync(join(made.dir, 'node_modules', '@relayflow', name)).isSymbolicLink(), `@relayflow/${name} is installed, not linked`).to.equal(false);
    }
    expect(npm(['test'], made.dir)).to.match(/3 passing/);

    // npm run lint: clean as written; a plugin that brings its own HTTP client or imports core is refused.
    npm(['run', 'lint'], made.dir);
    writeFileSync(join(made.dir, 'src', 'own-client.ts'), "import axios from 'axios';\nimport { createRelayflow } from '@relayflow/core';\nexport const both = [axios, createRelayflow];\n");
    expect(() => npm(['run', 'lint'], made.dir)).to.throw(/ctx\.http[\s\S]*only through @relayflow\/sdk|only through @relayflow\/sdk[\s\S]*ctx\.http/);
    rmSync(join(made.dir, 'src', 'own-client.ts'));

    // npm run dev: builds and tests, then again on every change (here: a source edit and a test that now fails).
    await watchOnce(made.dir);

    // npm pack (prepack builds dist/); the tarball holds the build, not the tests.
    const out = JSON.parse(npm(['pack', '--json', '--pack-destination', work], made.dir)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(out[0].files.map((f) => f.path).sort()).to.deep.equal(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);

    // A project that installs Relayflow and the packed plugin discovers it.
    const host = tempDir('relayflow-scaffold-host-');
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'my-automation', version: '1.0.0', private: true }));
    npmInstall(host, [...packed.all, join(work, out[0].filename)]);
    const listed = await runCli(['plugins', 'list', '--json'], { cwd: host, bin: join(host, 'node_modules', '.bin', 'relayflow'), env: { RELAYFLOW_ENCRYPTION_KEY: 'scaffold-host-key-0123456789abcdefghij' } });
    expect(listed.code, listed.stderr).to.equal(0);
    expect(JSON.parse(listed.stdout)).to.deep.equal([{
      id: 'acme-relayflow-plugin-tickets', package: '@acme/relayflow-plugin-tickets', version: '0.1.0', connectorTypes: ['tickets'],
      source: join(host, 'node_modules', '@acme', 'relayflow-plugin-tickets', 'dist', 'index.js'),
    }]);
  });

  it('relayflow plugin init writes the same scaffold (one source: the initializer)', async () => {
    const base = tempDir('relayflow-scaffold-');
    const viaCli = await runCli(['plugin', 'init', 'relayflow-plugin-same', '--dir', 'cli', '--json'], { cwd: base });
    expect(viaCli.code, viaCli.stderr).to.equal(0);
    const sink = { write: () => true };
    expect(createPlugin(['relayflow-plugin-same', '--dir', join(base, 'initializer')], { stdout: sink, stderr: sink })).to.equal(0);
    const files = filesUnder(join(base, 'cli')).sort();
    expect(files).to.deep.equal(filesUnder(join(base, 'initializer')).sort());
    for (const file of files) expect(readFileSync(join(base, 'cli', file), 'utf8'), file).to.equal(readFileSync(join(base, 'initializer', file), 'utf8'));
  });

  it('refuses an existing directory and an invalid name with exit code 2', async () => {
    const base = tempDir('relayflow-scaffold-');
    expect((await runCli(['plugin', 'init', 'Not A Name'], { cwd: base })).code).to.equal(2);
    await runCli(['plugin', 'init', 'relayflow-plugin-twice'], { cwd: base });
    const again = await runCli(['plugin', 'init', 'relayflow-plugin-twice'], { cwd: base });
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/^error: .*already exists/);
  });
});

/**
 * Runs `npm run dev` in the scaffold: waits for the first build and test run, changes the source
 * and a test, and waits for the rebuild and the test run that now fails; then stops it.
 */
async function watchOnce(dir: string): Promise<void> {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('npm_') && key !== 'INIT_CWD' && key !== 'NODE_OPTIONS') env[key] = value;
  const dev = spawn('npm', ['run', 'dev'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  dev.stdout.on('data', (d) => { output += d; });
  dev.stderr.on('data', (d) => { output += d; });
  try {
    const built = join(dir, 'dist', 'index.js');
    await until('the first build and test run', () => existsSync(built) && /3 passing/.test(output), 90_000, () => output);
    const spec = join(dir, 'src', 'index.spec.ts');
    writeFileSync(join(dir, 'src', 'index.ts'), `${readFileSync(join(dir, 'src', 'index.ts'), 'utf8')}\nexport const WATCHED = 'rebuilt';\n`);
    writeFileSync(spec, readFileSync(spec, 'utf8').replace("expect(api.requests).to.have.length(1);", "expect(api.requests).to.have.length(2);"));
    await until('the rebuild and the test run again', () => readFileSync(built, 'utf8').includes('WATCHED') && /1 failing/.test(output), 90_000, () => output);
  } finally {
    // The whole group: npm, concurrently, tsc --watch and mocha --watch.
    if (dev.pid !== undefined) process.kill(-dev.pid, 'SIGKILL');
  }
}
