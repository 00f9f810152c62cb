import { expect } from 'chai';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from './support/cli';

/** The lint messages for `code` as if it were the file at `path` (relative to the repository). */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint: the plugin boundary', function () {
  this.timeout(60_000);

  it('lets a plugin import @relayflow/sdk and @relayflow/sdk/testing', async () => {
    expect(await lint('plugins/slack/src/ok.ts', "import { ok } from '@relayflow/sdk';\nimport { startStandIn } from '@relayflow/sdk/testing';\nexport const x = [ok, startStandIn];\n")).to.deep.equal([]);
  });

  for (const [what, source] of [
    ['core', "import { createRelayflow } from '@relayflow/core';"],
    ['a core file', "import { redact } from '../../../core/src/secrets/redaction';"],
    ['another plugin', "import jira from '@relayflow/plugin-jira';"],
    ['class-validator directly', "import { IsString } from 'class-validator';"],
    ['SDK internals', "import { validation } from '@relayflow/sdk/dist/validation';"],
    ['its own HTTP client (axios)', "import axios from 'axios';"],
    ["Node's https module", "import { request } from 'node:https';"],
  ]) {
    it(`refuses ${what} in an official plugin and in the example third-party plugin`, async () => {
      for (const file of ['plugins/http/src/bad.ts', 'examples/custom-connector/src/bad.ts']) {
        const messages = await lint(file, `${source}\nexport const used = 1;\n`);
        expect(messages.some((m) => m.startsWith('no-restricted-imports')), `${file}: ${messages.join('; ')}`).to.equal(true);
      }
    });
  }

  it('refuses the global fetch in plugin code, but lets plugin tests run servers', async () => {
    const messages = await lint('plugins/slack/src/sneaky.ts', "export const get = () => fetch('https://example.com');\n");
    expect(messages.some((m) => m.startsWith('no-restricted-globals'))).to.equal(true);
    expect(await lint('plugins/slack/src/sneaky.spec.ts', "import { createServer } from 'node:https';\nexport const s = createServer;\n")).to.deep.equal([]);
    const viaCore = await lint('plugins/slack/src/sneaky.spec.ts', "import { createRelayflow } from '@relayflow/core';\nexport const c = createRelayflow;\n");
    expect(viaCore.some((m) => m.startsWith('no-restricted-imports'))).to.equal(true);
  });

  for (const [what, source] of [
    ['core through import()', "export const load = () => import('@relayflow/core');"],
    ['core through an import type', "export type Core = import('@relayflow/core').Relayflow;"],
    ['another plugin through import()', "export const load = () => import('@relayflow/plugin-jira');"],
    ['a core file through an import type', "export type Redact = typeof import('../../../core/src/secrets/redaction').redact;"],
    ['a computed import()', "const name = ['@relayflow', 'core'].join('/');\nexport const load = () => import(name);"],
    ['axios through import()', "export const load = () => import('axios');"],
  ]) {
    it(`refuses ${what} in an official plugin and in the example third-party plugin`, async () => {
      for (const file of ['plugins/http/src/bad.ts', 'examples/custom-connector/src/bad.ts']) {
        const messages = await lint(file, `${source}\n`);
        expect(messages.some((m) => m.startsWith('no-restricted-syntax')), `${file}: ${messages.join('; ')}`).to.equal(true);
      }
    });
  }

  it('refuses require() in plugin code, so it cannot reach core that way either', async () => {
    const messages = await lint('plugins/http/src/bad.ts', "const core = require('@relayflow/core');\nexport const c = core;\n");
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-require-imports'))).to.equal(true);
  });

  it('refuses core through import() and import types in plugin tests too, but allows the SDK and own files', async () => {
    const viaImport = await lint('plugins/slack/src/sneaky.spec.ts', "export const load = () => import('@relayflow/core');\nexport type C = import('@relayflow/core').Relayflow;\n");
    expect(viaImport.filter((m) => m.startsWith('no-restricted-syntax'))).to.have.length(2);
    expect(await lint('plugins/slack/src/fine.ts', [
      "export const load = () => import('./slack-connector');",
      "export const sdk = () => import('@relayflow/sdk');",
      "export type P = import('@relayflow/sdk').Plugin;",
      '',
    ].join('\n'))).to.deep.equal([]);
  });

  for (const comment of ['// eslint-disable-next-line no-restricted-imports', '/* eslint-disable */', '// eslint-disable-line no-restricted-imports']) {
    it(`ignores "${comment.split(' ').slice(0, 2).join(' ')}" in plugin code: the import is still refused`, async () => {
      for (const file of ['plugins/http/src/bad.ts', 'examples/custom-connector/src/bad.spec.ts']) {
        const code = comment.includes('-line ')
          ? `import { createRelayflow } from '@relayflow/core'; ${comment}\nexport const c = createRelayflow;\n`
          : `${comment}\nimport { createRelayflow } from '@relayflow/core';\nexport const c = createRelayflow;\n`;
        const messages = await lint(file, code);
        expect(messages.some((m) => m.startsWith('no-restricted-imports')), `${file}: ${messages.join('; ')}`).to.equal(true);
        expect(messages.some((m) => m.includes("has no effect because you have 'noInlineConfig'")), `${file}: ${messages.join('; ')}`).to.equal(true);
      }
    });
  }

  it('does not restrict core itself', async () => {
    expect(await lint('core/src/ok.ts', "import { IsString } from 'class-validator';\nexport const x = IsString;\n")).to.deep.equal([]);
  });
});
