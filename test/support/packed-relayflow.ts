import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './cli';
import { tempDir } from './temp-dir';

/**
 * @relayflow/core, @relayflow/sdk, @relayflow/console (a dependency of core: the CLI serves it) and
 * create-relayflow-plugin (a dependency of core: its `plugin init`) packed with `npm pack` into a
 * folder outside the repository, as the registry would serve them once published.
 */
export interface PackedRelayflow {
  /** The folder holding the tarballs (under the OS temp dir). */
  dir: string;
  /** Path of the @relayflow/core tarball. */
  core: string;
  /** Path of the @relayflow/sdk tarball. */
  sdk: string;
  /** Path of the @relayflow/console tarball. */
  console: string;
  /** Path of the create-relayflow-plugin tarball (a dependency of core: its `plugin init`). */
  initializer: string;
  /** The four, for one `npm install` (core depends on console and the initializer; console needs the sdk beside it). */
  all: string[];
}

let packed: PackedRelayflow | undefined;

/**
 * Packs core, sdk and console once per test process (their `dist/` must be built: `npm run build`).
 * @returns where the tarballs are
 */
export function packRelayflow(): PackedRelayflow {
  if (packed) return packed;
  for (const built of ['core/dist/index.js', 'core/dist/cli/main.js', 'sdk/dist/index.js', 'sdk/dist/testing/index.js', 'plugins/console/dist/index.js', 'plugins/console/dist/web/index.html',
    'sdk/create-relayflow-plugin/dist/index.js']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` before the packaging tests`);
  }
  const dir = tempDir('relayflow-packed-');
  const [core, sdk, consoleTarball, initializer] = packPackages([join(ROOT, 'core'), join(ROOT, 'sdk'), join(ROOT, 'plugins', 'console'), join(ROOT, 'sdk', 'create-relayflow-plugin')], dir);
  packed = { dir, core, sdk, console: consoleTarball, initializer, all: [core, sdk, consoleTarball, initializer] };
  return packed;
}

/**
 * `npm pack` for package folders (without their prepack scripts: `npm run build` made `dist/`).
 * @returns the tarball paths, in the order given
 */
export function packPackages(packageDirs: string[], destination: string): string[] {
  const out = npm(['pack', ...packageDirs, '--ignore-scripts', '--pack-destination', destination, '--json'], destination);
  const tarballs = new Map((JSON.parse(out) as Array<{ name: string; filename: string }>).map((p) => [p.name, join(destination, p.filename)]));
  return packageDirs.map((dir) => tarballs.get((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name) as string);
}

/**
 * Runs npm in `cwd` as a user would from a shell: without the `npm_*` variables an enclosing
 * `npm test` exports (`npm_config_local_prefix` would point the inner npm at this repository).
 * @returns stdout
 * @throws Error with npm's stderr when npm fails
 */
export function npm(args: string[], cwd: string): string {
  try {
    return execFileSync('npm', args, { cwd, env: npmEnvironment(), encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/**
 * `npm install SPECS` in a project, from the registry (the npm cache first) and the given tarballs.
 * The native better-sqlite3 is pinned to the workspace's version so its prebuild (below) applies.
 * @param options.save - false: `--no-save`, the project's package.json stays as it is
 * @param options.ignoreScripts - `--ignore-scripts`: nothing is built (enough to type-check against the packages)
 */
export function npmInstall(project: string, specs: string[], options: { save?: boolean; ignoreScripts?: boolean } = {}): void {
  const flags = [...(options.save === false ? ['--no-save'] : []), ...(options.ignoreScripts ? ['--ignore-scripts'] : [])];
  npm(['install', ...flags, '--prefer-offline', '--no-audit', '--no-fund', ...specs, ...nativePins()], project);
}

/**
 * `npx --yes -p PACKAGE ... COMMAND ARGS` in `cwd`, then removes the install npx cached for it
 * (its tarball paths are unique to this test run).
 * @returns stdout
 */
export function npx(packages: string[], command: string[], cwd: string): string {
  const specs = [...packages, ...nativePins()];
  try {
    return npm(['exec', '--yes', ...specs.map((p) => `--package=${p}`), '--', ...command], cwd);
  } finally {
    removeNpxInstall(specs);
  }
}

/**
 * better-sqlite3 (core's SQLite driver) has no prebuilt binary reachable from here, so a fresh
 * install compiles it (over a minute). Its install script (prebuild-install) first looks in
 * `npm_config_better_sqlite3_local_prebuilds`: we put the binary the workspace already compiled
 * there, under the name prebuild-install asks for, and pin that version. The install script still
 * runs and loads the binary, as it does for a user who downloads the prebuild.
 */
function nativePins(): string[] {
  const native = workspaceSqlite();
  return native ? [`better-sqlite3@${native.version}`] : [];
}

let prebuilds: string | undefined;

function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('npm_') && key !== 'INIT_CWD' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  const native = workspaceSqlite();
  if (native) {
    prebuilds ??= localPrebuild(native);
    env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
  }
  return env;
}

function workspaceSqlite(): { version: string; binary: string } | undefined {
  const pkg = require.resolve('better-sqlite3/package.json', { paths: [join(ROOT, 'core')] });
  const binary = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return undefined;
  return { version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version, binary };
}

/** A prebuild-install tarball (`build/Release/better_sqlite3.node`) of the workspace's binary. */
function localPrebuild(native: { version: string; binary: string }): string {
  const dir = tempDir('relayflow-prebuilds-');
  const stage = join(dir, 'stage');
  mkdirSync(join(stage, 'build', 'Release'), { recursive: true });
  copyFileSync(native.binary, join(stage, 'build', 'Release', 'better_sqlite3.node'));
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const libc = process.platform === 'linux' && !report?.header?.glibcVersionRuntime ? 'musl' : '';
  const name = `better-sqlite3-v${native.version}-node-v${process.versions.modules}-${process.platform}${libc}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', stage, 'build']);
  return dir;
}

function removeNpxInstall(specs: string[]): void {
  const npxCache = join(npm(['config', 'get', 'cache'], tmpdir()).trim(), '_npx');
  for (const entry of existsSync(npxCache) ? readdirSync(npxCache) : []) {
    try {
      const pkg = JSON.parse(readFileSync(join(npxCache, entry, 'package.json'), 'utf8')) as { _npx?: { packages?: string[] } };
      const packages = pkg._npx?.packages ?? [];
      if (packages.length === specs.length && specs.every((s) => packages.includes(s))) rmSync(join(npxCache, entry), { recursive: true, force: true });
    } catch {
      // not an npx install, or another process is writing it
    }
  }
}
