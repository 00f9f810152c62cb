import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pluginTemplate } from './plugin-template';

/** An npm package name, scoped or not, lower-case. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
/** A connector type id: a letter, then letters, digits, `-` or `_`. */
const TYPE_ID = /^[a-z][a-z0-9_-]*$/;

/** What to scaffold. */
export interface ScaffoldOptions {
  /** npm package name, e.g. `relayflow-plugin-acme` or `@acme/relayflow-plugin-tickets`. */
  name: string;
  /** Where to write it (default `./<name without scope>`, from `cwd`). */
  dir?: string;
  /** Connector type id (default: from the name, `relayflow-plugin-acme` → `acme`). */
  type?: string;
  /** The SDK version the plugin targets (default: this initializer's, released with the SDK). */
  sdkVersion?: string;
  /** Where relative paths start (default `process.cwd()`). */
  cwd?: string;
}

/** What was written. */
export interface ScaffoldResult {
  /** The package's folder (absolute). */
  dir: string;
  /** Its npm package name. */
  package: string;
  /** The connector type id it registers. */
  connectorType: string;
  /** The files written, relative to `dir`. */
  files: string[];
}

/** Input the scaffold cannot use (a bad name or type id, a folder that exists): exit code 2 in a CLI. */
export class ScaffoldError extends Error {
  readonly code = 'BAD_ARGUMENT';
}

/**
 * Writes a connector plugin package: manifest, one connector type with one action, a passing
 * test, a lint config, build, test and watch scripts, a README.
 * @throws ScaffoldError for a name that is no npm package name, a type id that is not one, or a
 *   folder that already exists
 */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const { name } = options;
  if (!PACKAGE_NAME.test(name)) throw new ScaffoldError(`"${name}" is not a valid npm package name (lower-case, e.g. relayflow-plugin-acme or @acme/relayflow-plugin-tickets)`);
  const bare = name.replace(/^@[^/]+\//, '');
  const typeId = options.type ?? bare.replace(/^relayflow-plugin-/, '').replace(/[^a-z0-9_-]/g, '-');
  if (!TYPE_ID.test(typeId)) throw new ScaffoldError(`connector type id "${typeId}" must start with a letter and use a-z, 0-9, - or _; pass --type`);
  const dir = resolve(options.cwd ?? process.cwd(), options.dir ?? bare);
  if (existsSync(dir)) throw new ScaffoldError(`${dir} already exists; choose another --dir`);
  const displayName = typeId.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  const files = pluginTemplate({ packageName: name, typeId, displayName, sdkVersion: options.sdkVersion ?? OWN_VERSION });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, package: name, connectorType: typeId, files: Object.keys(files) };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const OWN_VERSION: string = require('../package.json').version;
