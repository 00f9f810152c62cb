import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/temp-dir';

const BIN = join(__dirname, '..', 'core', 'bin', 'relayflow.js');

/**
 * The modules a fresh `relayflow ARGS` process loaded (CommonJS files, as require.cache holds
 * them at exit), run from an empty folder as a user runs it.
 */
function loadedBy(args: string[]): string[] {
  const script = `
    process.on('exit', () => process.stderr.write('\\n@loaded ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));
    process.argv = [process.execPath, ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];
    require(${JSON.stringify(BIN)});`;
  const res = spawnSync(process.execPath, ['-e', script], { cwd: tempDir('relayflow-start-up-'), encoding: 'utf8', env: { ...process.env, RELAYFLOW_LOG_LEVEL: 'silent' } });
  expect(res.status, res.stderr).to.equal(0);
  const line = res.stderr.split('\n').find((l) => l.startsWith('@loaded '));
  expect(line, res.stderr).to.be.a('string');
  return JSON.parse((line as string).slice('@loaded '.length)) as string[];
}

/** The packages among loaded files (`class-validator`, `@fastify/swagger`, ...). */
function packagesOf(files: string[]): Set<string> {
  const names = files.map((f) => f.split(/[\\/]node_modules[\\/]/).slice(1).pop()).filter((rest): rest is string => rest !== undefined)
    .map((rest) => rest.split(/[\\/]/).slice(0, rest.startsWith('@') ? 2 : 1).join('/'));
  return new Set(names);
}

/** Issue 18, item 5: a command loads only what it needs (start-up is mostly module loading). */
describe('relayflow start-up: what each command loads', function () {
  this.timeout(60_000);

  it('--version loads nothing of the core', () => {
    const loaded = loadedBy(['--version']);
    expect(loaded.filter((f) => /[\\/]core[\\/](dist|src)[\\/]/.test(f))).to.deep.equal([]);
  });

  it('--help loads the command definitions only: no validator, store, HTTP client, logger, DI container or server', () => {
    const packages = packagesOf(loadedBy(['--help']));
    for (const heavy of ['class-validator', 'class-transformer', 'libphonenumber-js', 'validator', 'yaml', 'better-sqlite3', 'axios', 'pino', 'inversify', 'fastify', 'pg']) {
      expect(packages.has(heavy), `relayflow --help loaded ${heavy}`).to.equal(false);
    }
  });

  it('validate loads no HTTP client, PostgreSQL driver, server, work queue or phone-number tables', () => {
    const dir = tempDir('relayflow-start-up-validate-');
    writeFileSync(join(dir, 'wf.yaml'), 'name: wf\nsteps:\n  - { name: say, type: console, with: { message: hi } }\n');
    const packages = packagesOf(loadedBy(['--data-dir', join(dir, 'data'), 'validate', join(dir, 'wf.yaml')]));
    for (const heavy of ['axios', 'pg', 'fastify', '@fastify/swagger', '@dbos-inc/dbos-sdk', 'libphonenumber-js']) {
      expect(packages.has(heavy), `relayflow validate loaded ${heavy}`).to.equal(false);
    }
  });
});
