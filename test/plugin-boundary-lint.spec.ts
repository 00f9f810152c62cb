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

  it('does not restrict core itself', async () => {
    expect(await lint('core/src/ok.ts', "import { IsString } from 'class-validator';\nexport const x = IsString;\n")).to.deep.equal([]);
  });
});
