import 'reflect-metadata';
import { Container } from 'inversify';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config/config-loader';
import type { Plugin } from '../contracts/plugin';
import type { Problem } from '../contracts/problem';
import { coreModule } from './core-module';
import type { YamlSource } from '../yaml/yaml-source';
import { formatPath } from '../validation/class-validation';
import { Config } from '../config/relayflow-config';
import type { RelayflowConfigInput } from '../config/relayflow-config-input';
import { ConfigProblems } from '../contracts/config-problems';
import { Lifecycle } from '../contracts/lifecycle';
import { Logger } from '../contracts/logger';
import { PluginSources } from '../contracts/plugin-host';
import { RelayflowError } from '../errors/relayflow-error';
import { RuntimeEnvironment } from '../contracts/runtime-environment';
import { Relayflow } from './relayflow';

/**
 * A container configured the way Relayflow expects (singletons by default). Bind your own
 * services (Logger, Store, SecretProvider, HttpClient) on it, then pass it to `createRelayflow`.
 */
export function createContainer(): Container {
  return new Container({ defaultScope: 'Singleton' });
}

/** How to build a Relayflow (contract §10). */
export interface RelayflowOptions {
  /** Path of `relayflow.yaml`. */
  configFile?: string;
  /** The configuration as an object, instead of a file: relayflow.yaml's keys, typed. */
  config?: RelayflowConfigInput;
  /** Plugin objects, package names or paths; when absent, installed plugin packages are discovered. */
  plugins?: Array<Plugin | string>;
  /** Where the embedded store and a generated key live (default `$RELAYFLOW_DATA_DIR`, else `./.relayflow`). */
  dataDir?: string;
  /** A container with the host's own bindings (Logger, Store, SecretProvider, ...), which win. */
  container?: Container;
  /**
   * Where Relayflow and its plugins log: any object with `debug`, `info`, `warn`, `error` and
   * `child` (no Inversify needed; it is bound as the `Logger`). Default: JSON lines on stderr
   * (see `PinoLogger`). Give it here or as the container's `Logger` binding, not both.
   */
  logger?: Logger;
  /** Environment for `${env:NAME}` and `RELAYFLOW_*` settings (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /**
   * For diagnostic tools (what `relayflow validate`, `plugins list` and `connectors types` use):
   * problems that leave part of the config unusable are passed here as warnings instead of
   * failing — an unset `${env:NAME}` (a setting holding one is left at its default; a
   * preconfigured connector holding one is listed but cannot run), a preconfigured connector that
   * is invalid or whose type no loaded plugin provides (listed, cannot run), stored secrets the
   * configured key cannot open. Without it each of these fails `createRelayflow` (code 2).
   */
  onConfigWarning?: (problem: Problem) => void;
  /**
   * `false` for a Relayflow that only reads (what `relayflow validate`, dry runs and the list
   * commands use): when the embedded store's file does not exist yet, it is not created (nor its
   * data dir) and an empty store in memory stands in. Default `true`.
   */
  createStoreFile?: boolean;
}

/**
 * Builds and starts a Relayflow: reads the config, binds core's services (keeping the host's),
 * then starts its lifecycle: loads and starts plugins, opens the store, checks the encryption
 * key against stored secrets and validates preconfigured connectors. When a part fails to
 * start, the parts that started are stopped again before the error is thrown.
 *
 * @throws RelayflowError with a code-2 `code` for bad configuration (invalid config, plugin
 *   problems, wrong key, unsupported store), naming what to fix; `BAD_ARGUMENT` for a `logger`
 *   given both as an option and as a container binding
 */
export async function createRelayflow(options: RelayflowOptions = {}): Promise<Relayflow> {
  const env = options.env ?? process.env;
  const configFile = options.configFile && resolve(options.configFile);
  const warn = options.onConfigWarning;
  const loaded = loadConfig({ configFile, config: options.config, env, warn });
  const environment: RuntimeEnvironment = {
    dataDir: resolve(options.dataDir ?? env.RELAYFLOW_DATA_DIR ?? join(process.cwd(), '.relayflow')),
    baseDir: configFile ? dirname(configFile) : process.cwd(),
    configFile,
    env,
    createStoreFile: options.createStoreFile,
  };
  const container = options.container ?? createContainer();
  if (options.logger) {
    if (container.isBound(Logger)) {
      throw new RelayflowError('BAD_ARGUMENT', 'createRelayflow got a logger option and a container that already binds Logger; give the logger one way only');
    }
    container.bind<Logger>(Logger).toConstantValue(checkedLogger(options.logger));
  }
  container.bind(RuntimeEnvironment).toConstantValue(environment);
  container.bind(Config).toConstantValue(loaded.config);
  container.bind(ConfigProblems).toConstantValue({ ...configLocator(loaded.source), ...(warn ? { warn, unsetPaths: loaded.unsetPaths ?? [] } : {}) });
  const plugins = options.plugins ?? loaded.config.plugins;
  if (plugins) container.bind<PluginSources>(PluginSources).toConstantValue(plugins);
  container.load(coreModule);

  const lifecycle = container.get<Lifecycle>(Lifecycle);
  try {
    await lifecycle.start();
  } catch (err) {
    await lifecycle.stop();
    throw err;
  }
  return new Relayflow(container);
}

/** The host's logger, when it has every method a Logger needs. */
function checkedLogger(logger: Logger): Logger {
  const missing = (['debug', 'info', 'warn', 'error', 'child'] as const).filter((m) => typeof logger[m] !== 'function');
  if (missing.length) throw new RelayflowError('BAD_ARGUMENT', `the logger given to createRelayflow has no ${missing.join(', ')} method${missing.length > 1 ? 's' : ''}; a Logger has debug, info, warn, error and child`);
  return logger;
}

/** Locates config paths in the config file, for problems found after loading. */
function configLocator(source: (() => YamlSource) | undefined): ConfigProblems {
  return {
    locate: (path, message, code): Problem => ({
      path: formatPath(path),
      fieldPath: path,
      ...(code === undefined ? {} : { code }),
      message,
      location: source?.().locate(path, 'value'),
    }),
  };
}
