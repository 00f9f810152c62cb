import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './support/cli';
import { tempDir } from './support/temp-dir';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs `npm run deps`'s dependency-cruiser, with the repository's rules, over a core/src made of `files`. */
function cruise(files: Record<string, string>): Violation[] {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true } }));
  // The repository's packages, seen at node_modules/ as in the repository (not at their real path).
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const rules = JSON.stringify(join(ROOT, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'rules.cjs'), `const rules = require(${rules});\nmodule.exports = { ...rules, options: { ...rules.options, preserveSymlinks: true } };\n`);
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'core/src', '--config', 'rules.cjs', '--output-type', 'json'], { cwd: dir, encoding: 'utf8' });
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('npm run deps (core import rules)', function () {
  this.timeout(60_000);

  it('refuses a folder cycle, a contract importing an implementation, a package or a Node module, the errors importing above them, the server imported below the CLI, and an import of core\'s root', () => {
    const violations = cruise({
      'core/src/index.ts': "export * from './contracts/ok';\n",
      'core/src/contracts/ok.ts': "import type { Other } from './other';\nexport type Ok = Other;\n",
      'core/src/contracts/other.ts': 'export interface Other { id: string }\n',
      'core/src/contracts/implementation.ts': "import type { Impl } from '../lifecycle/impl';\nexport type A = Impl;\n",
      'core/src/contracts/package.ts': "import type { Logger } from 'pino';\nexport type B = Logger;\n",
      'core/src/contracts/node-module.ts': "import type { EventEmitter } from 'node:events';\nexport type C = EventEmitter;\n",
      'core/src/lifecycle/impl.ts': "import type { Source } from '../triggers/source';\nexport interface Impl { source?: Source }\n",
      'core/src/triggers/source.ts': "import type { Impl } from '../lifecycle/impl';\nexport interface Source { impl?: Impl }\n",
      'core/src/errors/table.ts': "import type { R } from '../runtime/r';\nexport type T = R;\n",
      'core/src/runtime/r.ts': "import type { Served } from '../server/served';\nimport type { Ok } from '../index';\nexport type R = Served | Ok;\n",
      'core/src/server/served.ts': 'export interface Served { port: number }\n',
      'core/src/cli/main.ts': "import type { Served } from '../server/served';\nexport type M = Served;\n",
    });
    const seen = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^node_modules\/pino\/.*/, 'node_modules/pino')}`);
    expect(seen).to.include.members([
      'contracts-are-leaves: core/src/contracts/implementation.ts -> core/src/lifecycle/impl.ts',
      'contracts-are-leaves: core/src/contracts/package.ts -> node_modules/pino',
      'contracts-are-leaves: core/src/contracts/node-module.ts -> events',
      'errors-on-ground-floor: core/src/errors/table.ts -> core/src/runtime/r.ts',
      'server-is-top-floor: core/src/runtime/r.ts -> core/src/server/served.ts',
      'no-root-imports: core/src/runtime/r.ts -> core/src/index.ts',
    ]);
    expect(seen.filter((v) => v.startsWith('no-folder-cycle:'))).to.include('no-folder-cycle: core/src/lifecycle -> core/src/triggers');
    // What the rules allow is not reported: contracts importing contracts, the CLI importing the server.
    expect(seen.filter((v) => v.includes('core/src/contracts/ok.ts') || v.includes('core/src/cli/'))).to.deep.equal([]);
  });
});
