import { existsSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';

/** The `"relayflow"` manifest in a plugin package's package.json. */
export interface PluginManifest {
  /** Path of the compiled plugin module, relative to the package. */
  plugin: string;
  /** The `@relayflow/sdk` range the package was built for. */
  sdk?: string;
}

/** An installed package that declares a Relayflow plugin. */
export interface PluginPackage {
  name: string;
  version?: string;
  dir: string;
  manifest: PluginManifest;
}

/**
 * Reads a package directory's package.json.
 * @returns the package when it carries a `"relayflow": { "plugin": ... }` manifest, else undefined
 */
export function readPluginPackage(dir: string): PluginPackage | undefined {
  let pkg: { name?: string; version?: string; relayflow?: Partial<PluginManifest> };
  try {
    const text = readFileSync(join(dir, 'package.json'), 'utf8');
    // Most installed packages are not plugins: skip parsing those.
    if (!text.includes('"relayflow"')) return undefined;
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  const manifest = pkg.relayflow;
  if (!manifest || typeof manifest.plugin !== 'string') return undefined;
  return { name: pkg.name ?? dir, version: pkg.version, dir, manifest: { plugin: manifest.plugin, sdk: manifest.sdk } };
}

/**
 * Where installed plugins are looked for, each folder with its parents: the config file's folder
 * (`baseDir`; the current directory when there is no config file), then the current directory,
 * then the folder of this very @relayflow/core — the packages installed with the running
 * `relayflow` (globally, in a tools folder, or the repository's workspace). So
 * `relayflow --config /elsewhere/relayflow.yaml` run in a project still finds the project's
 * plugins, and a global `relayflow` finds the plugins installed globally beside it, from any folder.
 */
export function pluginSearchDirs(baseDir: string, installedAt: string = CORE_DIR): string[] {
  return [...new Set([baseDir, process.cwd(), installedAt])];
}

/** This package's folder (its real path: a workspace or `npm link` symlink leads to the repository). */
const CORE_DIR = realCoreDir();

function realCoreDir(): string {
  // src/plugins (sources) and dist/plugins (compiled) are both two folders below the package.
  const dir = join(__dirname, '..', '..');
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Finds installed plugin packages: every package (scoped ones too) in the `node_modules`
 * folders from each of `fromDirs` up to the filesystem root whose package.json has a
 * `"relayflow"` manifest. The first copy of a package name found wins: the start folders in the
 * order given, each from the nearest `node_modules` outwards, as with Node's own resolution.
 *
 * @param fromDirs - where to start looking, most important first (e.g. the config file's folder, then the current directory)
 * @returns the packages, sorted by name
 */
export function discoverPluginPackages(fromDirs: readonly string[]): PluginPackage[] {
  const found = new Map<string, PluginPackage>();
  const seenDirs = new Set<string>();
  const seenModules = new Set<string>();
  for (const fromDir of fromDirs) {
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const modules = join(dir, 'node_modules');
      if (!seenModules.has(modules) && existsSync(modules)) {
        seenModules.add(modules);
        for (const { path: pkgDir, link } of packageDirs(modules)) {
          let real = pkgDir;
          if (link) {
            try { real = realpathSync(pkgDir); } catch { continue; }
          }
          if (seenDirs.has(real)) continue;
          seenDirs.add(real);
          const pkg = readPluginPackage(real);
          if (pkg && !found.has(pkg.name)) found.set(pkg.name, pkg);
        }
      }
      if (dirname(dir) === dir) break;
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Package folders in a node_modules folder; `link` marks symlinks (workspaces, npm link). */
function packageDirs(modules: string): Array<{ path: string; link: boolean }> {
  const dirs: Array<{ path: string; link: boolean }> = [];
  for (const entry of safeReaddir(modules)) {
    if (entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      for (const scoped of safeReaddir(join(modules, entry.name))) dirs.push({ path: join(modules, entry.name, scoped.name), link: scoped.isSymbolicLink() });
    } else if (entry.isDirectory() || entry.isSymbolicLink()) {
      dirs.push({ path: join(modules, entry.name), link: entry.isSymbolicLink() });
    }
  }
  return dirs;
}

function safeReaddir(dir: string): Dirent[] {
  try { return readdirSync(dir, { withFileTypes: true }); } catch { return []; }
}
