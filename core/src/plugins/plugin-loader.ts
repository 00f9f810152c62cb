import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import semverMajor from 'semver/functions/major';
import satisfies from 'semver/functions/satisfies';
import validRange from 'semver/ranges/valid';
import { isPlugin, type Plugin } from '../contracts/plugin';
import { RelayflowError } from '../errors/relayflow-error';
import { SDK_VERSION } from '../contracts/sdk-version';
import { pluginSearchDirs, readPluginPackage, type PluginPackage } from './plugin-discovery';

/** A plugin ready to set up, with where it came from. */
export interface PluginCandidate {
  plugin: Plugin;
  source: string;
  packageName?: string;
  version?: string;
}

/**
 * Loads one plugin from a spec: a plugin object, a package name (resolved from `baseDir`), or a
 * path to a package directory or module file.
 *
 * @throws RelayflowError `PLUGIN_NOT_FOUND`, `PLUGIN_INVALID`, `PLUGIN_INCOMPATIBLE`
 */
export function loadPlugin(spec: unknown, baseDir: string): PluginCandidate {
  if (isPlugin(spec)) return checked({ plugin: spec, source: '<object>' });
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new RelayflowError('PLUGIN_INVALID', `a plugins entry must be a package name, a path or a plugin object (got ${JSON.stringify(spec)})`);
  }
  if (looksLikePath(spec)) {
    const path = isAbsolute(spec) ? spec : resolve(baseDir, spec);
    if (!existsSync(path)) throw new RelayflowError('PLUGIN_NOT_FOUND', `plugin path ${spec} does not exist (resolved to ${path})`);
    if (statSync(path).isDirectory()) {
      const pkg = readPluginPackage(path);
      if (!pkg) throw new RelayflowError('PLUGIN_INVALID', `${path} has no package.json with a "relayflow": { "plugin": "..." } manifest`);
      return loadPackage(pkg);
    }
    return checked({ plugin: requirePlugin(path, spec), source: path });
  }
  return loadPackage(resolvePackage(spec, baseDir));
}

/** Loads a discovered or resolved plugin package, checking its manifest's SDK range first. */
export function loadPackage(pkg: PluginPackage): PluginCandidate {
  const label = `${pkg.name}${pkg.version ? `@${pkg.version}` : ''}`;
  if (pkg.manifest.sdk !== undefined) assertCompatible(pkg.manifest.sdk, `plugin package ${label}`);
  const entry = join(pkg.dir, pkg.manifest.plugin);
  if (!existsSync(entry)) {
    throw new RelayflowError('PLUGIN_INVALID', `plugin package ${label} declares "relayflow.plugin": "${pkg.manifest.plugin}", but ${entry} does not exist; build the package (npm run build) or fix the manifest`);
  }
  return checked({ plugin: requirePlugin(entry, label), source: entry, packageName: pkg.name, version: pkg.version });
}

function checked(candidate: PluginCandidate): PluginCandidate {
  const { plugin } = candidate;
  assertCompatible(plugin.sdk, `plugin "${plugin.id}"${candidate.packageName ? ` (${candidate.packageName})` : ''}`);
  return candidate;
}

function assertCompatible(range: string, who: string): void {
  if (!validRange(range)) {
    throw new RelayflowError('PLUGIN_INVALID', `${who} declares an invalid SDK range "${range}"`);
  }
  if (!satisfies(SDK_VERSION, range)) {
    throw new RelayflowError('PLUGIN_INCOMPATIBLE',
      `${who} requires @relayflow/sdk ${range}, but this Relayflow provides SDK ${SDK_VERSION}; install a version of the plugin built for SDK ${semverMajor(SDK_VERSION)}.x, or a Relayflow whose SDK matches ${range}`,
      { details: { required: range, provided: SDK_VERSION } });
  }
}

function requirePlugin(file: string, label: string): Plugin {
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are CommonJS modules found at run time
    mod = require(file);
  } catch (err) {
    throw new RelayflowError('PLUGIN_INVALID', `cannot load plugin ${label} from ${file}: ${(err as Error).message}`, { cause: err });
  }
  const candidate = isPlugin(mod) ? mod : (mod as { default?: unknown } | undefined)?.default;
  if (!isPlugin(candidate)) {
    throw new RelayflowError('PLUGIN_INVALID', `${label} (${file}) does not export a plugin: its default export must be made with definePlugin({ id, sdk, setup }) from @relayflow/sdk`);
  }
  return candidate;
}

function resolvePackage(name: string, baseDir: string): PluginPackage {
  const searchDirs = pluginSearchDirs(baseDir);
  const dir = searchDirs.map((from) => findInstalled(name, from)).find((found) => found !== undefined);
  if (!dir) throw new RelayflowError('PLUGIN_NOT_FOUND', `plugin package "${name}" is not installed (looked in node_modules from ${searchDirs.join(' and from ')}); install it with: npm install ${name}`);
  const pkg = readPluginPackage(dir);
  if (!pkg) throw new RelayflowError('PLUGIN_INVALID', `package "${name}" is installed but is not a Relayflow plugin: its package.json has no "relayflow": { "plugin": "..." } manifest`);
  return pkg;
}

/** Node's lookup (node_modules folders upward), without the package's `exports` map in the way. */
function findInstalled(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || (!spec.startsWith('@') && spec.includes('/'));
}
