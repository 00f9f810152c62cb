import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';
import { scaffoldPlugin, ScaffoldError } from './scaffold';

function capture(): { stdout: string; stderr: string; streams: { stdout: { write(t: string): void }; stderr: { write(t: string): void } } } {
  const out = { stdout: '', stderr: '', streams: { stdout: { write: (t: string) => { out.stdout += t; } }, stderr: { write: (t: string) => { out.stderr += t; } } } };
  return out;
}

describe('scaffoldPlugin', () => {
  const cwd = (): string => mkdtempSync(join(tmpdir(), 'create-relayflow-plugin-'));

  it('writes the package under the name without its scope, with the type id from the name', () => {
    const made = scaffoldPlugin({ name: '@acme/relayflow-plugin-tickets', cwd: cwd() });
    expect(made.connectorType).to.equal('tickets');
    expect(made.dir.endsWith('/relayflow-plugin-tickets')).to.equal(true);
    expect(made.files).to.include.members(['package.json', 'src/index.ts', 'src/index.spec.ts', 'eslint.config.mjs', '.mocharc.json', 'README.md']);
    const pkg = JSON.parse(readFileSync(join(made.dir, 'package.json'), 'utf8'));
    expect(pkg.name).to.equal('@acme/relayflow-plugin-tickets');
    expect(pkg.relayflow).to.deep.equal({ plugin: './dist/index.js', sdk: '^1.0.0' });
    expect(pkg.scripts).to.include.keys('build', 'test', 'lint', 'dev');
    expect(readFileSync(join(made.dir, 'src', 'index.ts'), 'utf8')).to.include("id: 'tickets'").and.include('@Description(');
  });

  it('refuses a name that is no npm package name, a bad type id and a folder that exists', () => {
    const dir = cwd();
    expect(() => scaffoldPlugin({ name: 'Not A Name', cwd: dir })).to.throw(ScaffoldError, /not a valid npm package name/);
    expect(() => scaffoldPlugin({ name: 'relayflow-plugin-x', type: '9lives', cwd: dir })).to.throw(ScaffoldError, /must start with a letter/);
    scaffoldPlugin({ name: 'relayflow-plugin-twice', cwd: dir });
    expect(() => scaffoldPlugin({ name: 'relayflow-plugin-twice', cwd: dir })).to.throw(ScaffoldError, /already exists; choose another --dir/);
  });
});

describe('create-relayflow-plugin (the bin)', () => {
  it('writes the package and prints the next steps; --json prints what was written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'create-relayflow-plugin-'));
    const human = capture();
    expect(main(['relayflow-plugin-acme', '--dir', join(dir, 'acme')], human.streams)).to.equal(0);
    expect(human.stdout).to.match(/^created relayflow-plugin-acme in .*acme \(connector type "acme"\)/).and.include('npm run dev');
    const json = capture();
    expect(main(['relayflow-plugin-beta', '--dir', join(dir, 'beta'), '--type', 'beta_api', '--json'], json.streams)).to.equal(0);
    expect(JSON.parse(json.stdout)).to.include({ dir: join(dir, 'beta'), package: 'relayflow-plugin-beta', connectorType: 'beta_api' });
    expect(existsSync(join(dir, 'beta', 'src', 'index.ts'))).to.equal(true);
  });

  it('exits 2 with a message for a missing name, an unknown option or a bad name; --help exits 0', () => {
    for (const args of [[], ['--nope', 'x'], ['Bad Name'], ['a', 'b']]) {
      const res = capture();
      expect(main(args, res.streams), args.join(' ')).to.equal(2);
      expect(res.stderr, args.join(' ')).to.match(/^error: \S/);
    }
    const help = capture();
    expect(main(['--help'], help.streams)).to.equal(0);
    expect(help.stdout).to.match(/^Usage: npm create relayflow-plugin NAME/);
  });
});
