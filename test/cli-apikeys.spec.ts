import { expect } from 'chai';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRelayflow } from '@relayflow/core';
import { runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

const KEY = 'cli-apikeys-test-key-0123456789abcdef';
const CONFIG_KEY = 'ci-config-key-from-env-5550123';

/** Every byte of every file of the data dir (database, WAL, generated key). */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

describe('relayflow apikeys (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let printed: string;
  let logLevel: string;
  const dataDir = (): string => join(dir, 'data');
  const cli = async (...args: string[]): Promise<CliResult> => {
    const result = await runCli(['--data-dir', dataDir(), ...args], { cwd: dir, env: { RELAYFLOW_ENCRYPTION_KEY: KEY, CI_KEY: CONFIG_KEY, RELAYFLOW_LOG_LEVEL: logLevel } });
    printed += result.stdout + result.stderr;
    expect(result.stdout + result.stderr, 'a config key was printed').to.not.contain(CONFIG_KEY);
    return result;
  };
  beforeEach(() => {
    dir = tempDir();
    printed = '';
    logLevel = 'warn';
  });

  describe('create', () => {
    it('prints the key alone on stdout, once (never in a log line, even at debug), and stores only its hash', async () => {
      logLevel = 'debug';
      const created = await cli('apikeys', 'create', '--name', 'ci', '--scopes', 'run,read');
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout).to.match(/^rfk_[A-Za-z0-9_-]{43}\n$/);
      expect(created.stderr).to.contain('created API key ci (read, run); this is the only time it is shown: store it now');
      expect(created.stderr).to.contain('"msg":"API key created"');
      const key = created.stdout.trim();
      const json = await cli('apikeys', 'create', '--name', 'deploy', '--scopes', 'admin', '--json');
      const shown = JSON.parse(json.stdout);
      expect(Object.keys(shown)).to.deep.equal(['name', 'key', 'scopes']);
      expect(shown).to.deep.include({ name: 'deploy', scopes: ['admin'] });
      expect(json.stderr).to.not.contain(shown.key);
      const bytes = dataDirBytes(dataDir());
      for (const k of [key, shown.key]) {
        expect(bytes.includes(Buffer.from(k)), 'a key is in the data dir').to.equal(false);
        expect(bytes.includes(Buffer.from(k.slice(4))), 'a key is in the data dir').to.equal(false);
      }
      const list = await cli('apikeys', 'list', '--json');
      expect(JSON.parse(list.stdout).map((k: { name: string }) => k.name)).to.deep.equal(['ci', 'deploy']);
      await cli('apikeys', 'list');
      await cli('apikeys', 'revoke', 'ci');
      expect(printed.split(key).length - 1, 'the key was printed more than once').to.equal(1);
    });

    it('refuses a taken name, bad scopes and a missing flag with exit 2', async () => {
      await cli('apikeys', 'create', '--name', 'ci', '--scopes', 'read');
      expect(await cli('apikeys', 'create', '--name', 'ci', '--scopes', 'read')).to.deep.include({ code: 2, stdout: '', stderr: 'error: an API key named "ci" already exists; revoke it first (relayflow apikeys revoke ci) or choose another name\n' });
      expect(await cli('apikeys', 'create', '--name', 'x', '--scopes', 'read,write')).to.deep.include({ code: 2, stdout: '', stderr: 'error: scopes must be a non-empty list of read, run, admin\n' });
      expect((await cli('apikeys', 'create', '--name', 'x')).code).to.equal(2);
    });
  });

  describe('list / revoke', () => {
    it('lists keys from relayflow.yaml and the store without any key, and refuses to revoke a config key', async () => {
      writeFileSync(join(dir, 'relayflow.yaml'), 'plugins: []\nserver:\n  apiKeys:\n    - { name: from-config, key: "${env:CI_KEY}", scopes: [read, run, admin] }\n');
      await cli('apikeys', 'create', '--name', 'stored', '--scopes', 'read');
      const list = await cli('apikeys', 'list');
      expect(list.code).to.equal(0);
      expect(list.stdout).to.match(/from-config │ read,run,admin │ relayflow\.yaml │/);
      expect(list.stdout).to.match(/stored\s+│ read\s+│ store\s+│ 20\d\d-/);
      expect(await cli('apikeys', 'revoke', 'from-config')).to.deep.include({ code: 2, stderr: 'error: the API key "from-config" comes from relayflow.yaml (server.apiKeys); remove it there to revoke it\n' });
      expect(await cli('apikeys', 'revoke', 'stored')).to.deep.include({ code: 0, stdout: 'revoked API key stored\n' });
      expect(await cli('apikeys', 'revoke', 'stored')).to.deep.include({ code: 2, stderr: 'error: no API key named "stored"; list them with: relayflow apikeys list\n' });
    });

    it('names a missing ${env:...} of a config key with its location (exit 2)', async () => {
      writeFileSync(join(dir, 'relayflow.yaml'), 'plugins: []\nserver:\n  apiKeys:\n    - { name: ci, key: "${env:NOT_SET_ANYWHERE}", scopes: [read] }\n');
      const result = await cli('apikeys', 'list');
      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('relayflow.yaml:4:').and.contain('environment variable NOT_SET_ANYWHERE is not set');
    });

    it('a key made by the CLI works at once in a running Relayflow, and its revocation by another process is seen at once', async () => {
      const server = await createRelayflow({ dataDir: dataDir(), plugins: [], env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
      try {
        const key = (await cli('apikeys', 'create', '--name', 'hook', '--scopes', 'run')).stdout.trim();
        expect(await server.apiKeys.authenticate(key)).to.deep.equal({ name: 'hook', scopes: ['run'] });
        expect((await cli('apikeys', 'revoke', 'hook')).code).to.equal(0);
        expect(await server.apiKeys.authenticate(key)).to.equal(undefined);
      } finally {
        await server.stop();
      }
    });
  });
});
