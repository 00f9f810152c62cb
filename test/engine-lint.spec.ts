import { expect } from 'chai';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from './support/cli';

/** The rules broken by `code` as if it were the file at `path` (relative to the repository). */
async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(code, { filePath: join(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId}`);
}

const STEP = "interface Step { kind: string; next?: Step }\ndeclare const step: Step;\n";

describe('lint: the engine knows no step kind by name', function () {
  this.timeout(60_000);

  for (const [what, code] of [
    ['a switch over step.kind', "switch (step.kind) { case 'console': break; }\n"],
    ['a switch over a kind taken out of the step', "const { kind } = step;\nswitch (kind) { case 'console': break; }\n"],
    ['a comparison of step.kind with a kind', "export const isConsole = step.kind === 'console';\n"],
    ['a comparison of a kind with step.kind', "export const isWait = 'wait' !== step.kind;\n"],
    ['a comparison of a kind taken out of the step', "const { kind } = step;\nexport const isIf = kind == 'if';\n"],
    ['a non-null assertion', 'export const next = step.next!.kind;\n'],
  ]) {
    it(`refuses ${what} in core/src/workflow/engine, not in a step kind's file`, async () => {
      const rule = what === 'a non-null assertion' ? '@typescript-eslint/no-non-null-assertion' : 'no-restricted-syntax';
      expect(await lint('core/src/workflow/engine/planted.ts', STEP + code)).to.deep.equal([rule]);
      expect(await lint('core/src/workflow/steps/planted.ts', STEP + code)).to.deep.equal([]);
    });
  }

  it("lets the engine look a step's kind up and compare other fields", async () => {
    expect(await lint('core/src/workflow/engine/planted.ts', `${STEP}declare const kinds: Map<string, unknown>;\nexport const found = kinds.get(step.kind);\nexport const last = step.next === undefined;\n`)).to.deep.equal([]);
  });
});
