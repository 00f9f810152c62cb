import { readFileSync } from 'node:fs';
import { setOwn } from '../validation/prototype-keys';
import { MAX_VALUE_DEPTH } from '../validation/value-depth';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { stripCredentials } from '../secrets/redaction';
import { toProblem, validateClass, type FieldPath, type FieldProblem } from '../validation/class-validation';
import { readYamlFast } from '../yaml/fast-yaml';
import { YamlSource } from '../yaml/yaml-source';
import { parseRateLimit, RelayflowConfig } from './relayflow-config';

/** Where a config came from: a file (with locations for problems) or an object. */
export interface LoadedConfig {
  config: RelayflowConfig;
  /** The file it was read from, when it was. */
  file?: string;
  /**
   * The parsed file, to locate problems found later (e.g. in preconfigured connectors): read
   * when first asked for (a valid file is read by the fast path, without locations).
   */
  source?: () => YamlSource;
  /**
   * Only when loaded with `warn`: the paths of preconfigured connectors' values whose
   * `${env:NAME}` is not set (those values are empty).
   */
  unsetPaths?: FieldPath[];
}

/** How to read the config. */
export interface LoadConfigOptions {
  config?: object;
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * For diagnostic commands: an unset `${env:NAME}` is passed here instead of failing. A
   * setting holding one is left out (its default applies); in a preconfigured connector the
   * value is empty and its path is listed in `unsetPaths`, so the connector can be listed but
   * not used.
   */
  warn?: (problem: Problem) => void;
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Reads and validates `relayflow.yaml` (or a config object): `${env:NAME}` substituted, unknown
 * keys and bad values reported with `FILE:LINE:COL`, a missing variable named.
 *
 * @throws RelayflowError `CONFIG_INVALID` listing every problem
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env = options.env ?? process.env;
  if (options.configFile) return loadFile(options.configFile, env, options.warn);
  const plain = substituteEnvDeep(options.config ?? {}, env, []);
  let unsetPaths: FieldPath[] | undefined;
  if (plain.problems.length) {
    if (!options.warn) throw invalid('the configuration', plain.problems);
    unsetPaths = tolerateUnset(plain.problems.map(toProblem), options.warn, (path) => removeAt(plain.value, path));
  }
  return { config: check(plain.value, toProblem, 'the configuration'), ...(unsetPaths ? { unsetPaths } : {}) };
}

/**
 * Reports each unset variable as a warning; removes the settings holding one, except in
 * preconfigured connectors, whose paths are returned.
 */
function tolerateUnset(problems: Problem[], warn: (problem: Problem) => void, remove: (path: FieldPath) => void): FieldPath[] {
  const unset: FieldPath[] = [];
  const removed: FieldPath[] = [];
  for (const problem of problems) {
    warn(problem);
    const path = problem.fieldPath ?? [];
    if (path[0] === 'connectors' && typeof path[1] === 'number') unset.push(path);
    else removed.push(path);
  }
  // Last first, so removing a list item does not move the ones still to remove.
  for (const path of removed.reverse()) remove(path);
  return unset;
}

/** Deletes the value at a path of a plain value (a key, or a list item). */
function removeAt(root: unknown, path: FieldPath): void {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[segment];
  }
  const last = path[path.length - 1];
  if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else if (node !== null && typeof node === 'object' && last !== undefined) delete (node as Record<string | number, unknown>)[last];
}

function loadFile(file: string, env: NodeJS.ProcessEnv, warn?: (problem: Problem) => void): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RelayflowError('CONFIG_INVALID', `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const fast = readFast(text, file, env);
  if (fast) return fast;
  const { source, problems } = YamlSource.parse(text, file);
  if (problems.length) throw invalid(file, problems);
  const envProblems = source.substituteEnv(env);
  let unsetPaths: FieldPath[] | undefined;
  if (envProblems.length) {
    if (!warn) throw invalid(file, envProblems);
    unsetPaths = tolerateUnset(envProblems, warn, (path) => source.remove(path));
  }
  const js = source.toJS();
  if (js.problems.length) throw invalid(file, js.problems);
  return { config: check(js.value ?? {}, (p) => source.problem(p), file), file, source: () => source, ...(unsetPaths ? { unsetPaths } : {}) };
}

/**
 * A valid config file read the fast way (fast-yaml.ts): no `${env:NAME}` unset, nothing to
 * report. Anything else (a problem to locate, a variable in a key) is the located path's.
 */
function readFast(text: string, file: string, env: NodeJS.ProcessEnv): LoadedConfig | undefined {
  const read = readYamlFast(text, file);
  if (!read || envInKeys(read.value)) return undefined;
  const substituted = substituteEnvDeep(read.value, env, []);
  if (substituted.problems.length) return undefined;
  let config: RelayflowConfig;
  try {
    config = check(substituted.value, toProblem, file);
  } catch {
    return undefined;
  }
  let source: YamlSource | undefined;
  const located = (): YamlSource => {
    if (!source) {
      source = YamlSource.parse(text, file).source;
      source.substituteEnv(env);
    }
    return source;
  };
  return { config, file, source: located };
}

/** Whether a key anywhere holds `${env:` (the located path substitutes keys too). */
function envInKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(envInKeys);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => key.includes('${env:') || envInKeys(item));
}

function check(plain: unknown, locate: (p: FieldProblem) => Problem, where: string): RelayflowConfig {
  const result = validateClass(RelayflowConfig, nullsAsAbsent(plain));
  if (!result.ok) throw invalid(where, result.problems.map(locate));
  const extra = semanticProblems(result.value);
  if (extra.length) throw invalid(where, extra.map(locate));
  return result.value;
}

/**
 * A setting with no value (`encryptionKey:` or `null`) counts as absent, so its default applies:
 * `@IsOptional()` lets null through, and code reading the setting then broke on it. A connector's
 * own `config` and `secrets` are the plugin's to read, nulls included.
 */
function nullsAsAbsent(plain: unknown, path: readonly (string | number)[] = []): unknown {
  if (Array.isArray(plain) && path.length <= MAX_VALUE_DEPTH) return plain.map((item, i) => nullsAsAbsent(item, [...path, i]));
  if (plain === null || typeof plain !== 'object' || path.length > MAX_VALUE_DEPTH) return plain; // deeper: refused by validateClass
  if (path.length === 3 && path[0] === 'connectors' && (path[2] === 'config' || path[2] === 'secrets')) return plain;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (value !== null) setOwn(out, key, nullsAsAbsent(value, [...path, key]));
  }
  return out;
}

function semanticProblems(config: RelayflowConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (config.encryptionKey !== undefined && config.encryptionKey.length < 32) {
    problems.push({ path: ['encryptionKey'], at: 'value', code: 'INVALID_VALUE', message: `encryptionKey must be at least 32 characters (got ${config.encryptionKey.length}); generate one with: openssl rand -base64 32` });
  }
  (config.decryptionOnlyKeys ?? []).forEach((key, i) => {
    if (key.length < 32) problems.push({ path: ['decryptionOnlyKeys', i], at: 'value', code: 'INVALID_VALUE', message: 'decryption-only keys must be at least 32 characters' });
  });
  if (config.store !== 'sqlite' && !/^postgres(ql)?:\/\//.test(config.store)) {
    problems.push({ path: ['store'], at: 'value', code: 'INVALID_VALUE', message: `store must be "sqlite" or a postgres:// URL (got "${stripCredentials(config.store)}")` });
  }
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  config.connectors.forEach((c, i) => {
    if (ids.has(c.id)) problems.push({ path: ['connectors', i, 'id'], at: 'value', code: 'DUPLICATE_VALUE', message: `connector id "${c.id}" is already used by connectors[${ids.get(c.id)}]` });
    if (names.has(c.name)) problems.push({ path: ['connectors', i, 'name'], at: 'value', code: 'DUPLICATE_VALUE', message: `connector name "${c.name}" is already used by connectors[${names.get(c.name)}]; names must be unique` });
    ids.set(c.id, i);
    names.set(c.name, i);
  });
  // Ids and names share one space: a connector-id must never name one connector and be another's id.
  config.connectors.forEach((c, i) => {
    const other = ids.get(c.name);
    if (other !== undefined && other !== i) {
      problems.push({ path: ['connectors', i, 'name'], at: 'value', message: `connector name "${c.name}" is the id of connectors[${other}]; a name may not equal another connector's id (connector-id would be ambiguous)` });
    }
  });
  problems.push(...serverProblems(config));
  return problems;
}

/** API key names and keys are unique (a key is never repeated in a message); a rate limit allows at least 1. */
function serverProblems(config: RelayflowConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  config.server.apiKeys.forEach((k, i) => {
    if (names.has(k.name)) problems.push({ path: ['server', 'apiKeys', i, 'name'], at: 'value', code: 'DUPLICATE_VALUE', message: `API key name "${k.name}" is already used by server.apiKeys[${names.get(k.name)}]; names must be unique` });
    if (keys.has(k.key)) problems.push({ path: ['server', 'apiKeys', i, 'key'], at: 'value', code: 'DUPLICATE_VALUE', message: `server.apiKeys[${i}].key is the same key as server.apiKeys[${keys.get(k.key)}]; give each entry its own key` });
    names.set(k.name, i);
    if (!keys.has(k.key)) keys.set(k.key, i);
  });
  if (!parseRateLimit(config.server.authRateLimit)) {
    problems.push({ path: ['server', 'authRateLimit'], at: 'value', code: 'INVALID_VALUE', message: 'server.authRateLimit must allow at least 1 failed authentication per period, e.g. 20/min' });
  }
  return problems;
}

function substituteEnvDeep(value: unknown, env: NodeJS.ProcessEnv, path: Array<string | number>): { value: unknown; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const walk = (v: unknown, p: Array<string | number>): unknown => {
    if (typeof v === 'string') {
      return v.replace(ENV_REF, (_m, name: string) => {
        if (env[name] === undefined) {
          problems.push({ path: p, at: 'value', code: 'ENV_NOT_SET', message: `environment variable ${name} is not set (referenced as \${env:${name}})` });
          return '';
        }
        return env[name] as string;
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...p, i]));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...p, k])]));
    }
    return v;
  };
  return { value: walk(value, path), problems };
}

function invalid(where: string, problems: Array<Problem | FieldProblem>): RelayflowError {
  const list = problems.map((p) => ('at' in p ? toProblem(p) : p));
  return new RelayflowError('CONFIG_INVALID', `${where} is invalid (${list.length} problem${list.length === 1 ? '' : 's'})`, { problems: list });
}
