import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT } from './support/cli';
import { npmInstall, packPackages } from './support/packed-relayflow';
import { tempDir } from './support/temp-dir';

const PACKAGES = ['core', 'sdk', 'sdk/create-relayflow-plugin', 'plugins/http', 'plugins/slack', 'plugins/jira', 'plugins/cases-webhook'];

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Issue 17, item 9: the published packages, as `npm pack` makes them, type-check in a host that
 * checks libraries too (`skipLibCheck: false`), and every source map they hold ships with the
 * sources it points to.
 */
describe('the published packages', function () {
  this.timeout(180_000);
  let tarballs: string[];

  before(() => {
    tarballs = packPackages(PACKAGES.map((p) => join(ROOT, p)), tempDir('relayflow-packed-types-'));
  });

  it('ship each source map with the sources it points to', () => {
    for (const tarball of tarballs) {
      const dir = tempDir('relayflow-unpacked-');
      execFileSync('tar', ['-xzf', tarball, '-C', dir]);
      const files = filesUnder(join(dir, 'package'));
      const maps = files.filter((f) => f.endsWith('.map'));
      expect(maps.length, tarball).to.be.greaterThan(0);
      for (const map of maps) {
        const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
        for (const source of sources) expect(existsSync(resolve(dirname(map), source)), `${tarball}: ${map} points to ${source}`).to.equal(true);
      }
      expect(files.filter((f) => f.endsWith('.spec.ts')), `${tarball} holds no tests`).to.deep.equal([]);
    }
  });

  it('type-check in a host with skipLibCheck: false (strict), every entry point imported', () => {
    const host = tempDir('relayflow-types-host-');
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'types-host', version: '1.0.0', private: true }));
    // Nothing is built: type-checking needs no native module. TypeScript and Node's types come from the registry (cache).
    npmInstall(host, [...tarballs, 'typescript@~5.9.3', '@types/node@^20.19.0'], { ignoreScripts: true });
    writeFileSync(join(host, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'node20', moduleResolution: 'nodenext', strict: true, skipLibCheck: false,
        experimentalDecorators: true, noEmit: true, types: ['node'],
      },
      include: ['src'],
    }));
    mkdirSync(join(host, 'src'));
    writeFileSync(join(host, 'src', 'host.ts'), `
import { createRelayflow, type RelayflowConfigInput } from '@relayflow/core';
import { serve } from '@relayflow/core/server';
import { main } from '@relayflow/core/cli';
import { definePlugin, defineConnectorType, ok, Description, IsString, IsOptional } from '@relayflow/sdk';
import { createTestRelayflow } from '@relayflow/sdk/testing';
import http from '@relayflow/plugin-http';
import slack from '@relayflow/plugin-slack';
import jira from '@relayflow/plugin-jira';
import casesWebhook from '@relayflow/plugin-cases-webhook';

class Params {
  @Description('what to say') @IsString() message!: string;
  @IsOptional() @IsString() tone?: string;
}
const echo = defineConnectorType({
  id: 'echo', name: 'Echo', config: class {}, secrets: class {}, defaultAction: 'say',
  actions: { say: { params: Params, connector: 'none', async execute({ params }) { return ok(params.message.toUpperCase()); } } },
});
const plugin = definePlugin({ id: 'echo', sdk: '^1.0.0', setup({ registerConnectorType }) { registerConnectorType(echo); } });
const config: RelayflowConfigInput = { networking: { allowedHosts: ['*.example.com'] }, limits: { eventSize: '1mb' } };

export async function start(): Promise<void> {
  const rf = await createRelayflow({ config, plugins: [plugin, http, slack, jira, casesWebhook] });
  const server = await serve(rf, { port: 0 });
  const test = await createTestRelayflow({ plugins: [plugin] });
  await Promise.all([server.close(), test.stop(), rf.stop()]);
  await main(['node', 'relayflow', '--version']);
}
`);
    try {
      execFileSync(join(host, 'node_modules', '.bin', 'tsc'), ['-p', host], { cwd: host, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      expect.fail(`tsc failed in the host:\n${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`);
    }
  });
});
