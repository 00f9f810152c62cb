import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './support/cli';
import { npm, packPackages, packRelayflow } from './support/packed-relayflow';
import { tempDir } from './support/temp-dir';

const OFFICIAL_TYPES = ['cases-webhook', 'http', 'jira', 'slack', 'slack_api'];
const env = { RELAYFLOW_ENCRYPTION_KEY: 'beside-the-cli-key-0123456789abcdefgh' };
const typeIds = (stdout: string): string[] => (JSON.parse(stdout) as Array<{ id: string }>).map((t) => t.id);

describe('plugin discovery beside the CLI (contract §1)', function () {
  // Installing packed tarballs globally into a prefix takes a few seconds with a warm npm cache.
  this.timeout(120_000);

  it("loads the official plugins when the repository's node_modules/.bin/relayflow runs from any folder", async () => {
    const elsewhere = tempDir('relayflow-elsewhere-');
    const res = await runCli(['connectors', 'types', '--json', '--data-dir', join(elsewhere, 'data')], { cwd: elsewhere, env, bin: join(ROOT, 'node_modules', '.bin', 'relayflow') });
    expect(res.code, res.stderr).to.equal(0);
    expect(typeIds(res.stdout)).to.include.members(OFFICIAL_TYPES);
  });

  it('finds the plugins installed globally with relayflow (npm i -g --prefix), from an empty folder', async () => {
    const packed = packRelayflow();
    const prefix = tempDir('relayflow-global-');
    const tarballs = packPackages(['http', 'slack', 'jira', 'cases-webhook'].map((p) => join(ROOT, 'plugins', p)), prefix);
    npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', ...packed.all, ...tarballs], prefix);
    const empty = tempDir('relayflow-empty-');
    const bin = join(prefix, 'bin', 'relayflow');
    const types = await runCli(['connectors', 'types', '--json'], { cwd: empty, env, bin });
    expect(types.code, types.stderr).to.equal(0);
    expect(typeIds(types.stdout)).to.have.members(OFFICIAL_TYPES);

    writeFileSync(join(empty, 'wf.yaml'), 'name: ping\nsteps:\n  - { name: get, type: http, with: { url: "https://example.com/health" } }\n');
    const valid = await runCli(['validate', 'wf.yaml'], { cwd: empty, env, bin });
    expect(valid.code, valid.stderr).to.equal(0);
    const plugins = await runCli(['plugins', 'list', '--json'], { cwd: empty, env, bin });
    const sources = (JSON.parse(plugins.stdout) as Array<{ source: string }>).map((p) => p.source);
    // The web console comes with the CLI: a dependency of @relayflow/core, found beside it.
    expect((JSON.parse(plugins.stdout) as Array<{ id: string }>).map((p) => p.id)).to.include('relayflow-console');
    expect(sources.every((s) => s.startsWith(prefix)), sources.join(', ')).to.equal(true);
  });
});
