import type { ConnectorType } from './connector-type';
import type { Logger } from './logger';
import type { StaticAssets } from './server-contribution';
import type { StepKind } from './step-kind';

/** What a plugin's `setup` can do: register its contributions. Extension points are additive. */
export interface PluginSetupContext {
  /**
   * Registers a connector type.
   * @throws RelayflowError `DUPLICATE_TYPE` when another plugin registered the same id,
   *   `REGISTRY_FROZEN` after start
   */
  registerConnectorType(type: ConnectorType<any, any>): void;
  /**
   * Registers a step kind: step types the plugin compiles and runs itself (beside connector
   * steps, which `registerConnectorType` gives).
   * @throws RelayflowError `DUPLICATE_TYPE` when its kind or a step type is taken,
   *   `PLUGIN_INVALID` for a malformed kind, `REGISTRY_FROZEN` after start
   */
  registerStepKind(kind: StepKind<any>): void;
  /**
   * Registers static files for `relayflow serve` to serve under a URL prefix (a web console):
   * served without an API key, hashed files cached for good, the rest revalidated each time.
   * Embedding hosts that run no server ignore them.
   * @throws RelayflowError `PLUGIN_INVALID` for a malformed prefix or a root that is not an
   *   absolute folder, `DUPLICATE_TYPE` when the prefix is taken, `REGISTRY_FROZEN` after start
   */
  registerStaticAssets(assets: StaticAssets): void;
  /** A logger named after the plugin. */
  logger: Logger;
}

/** What a plugin's `start` receives. */
export interface PluginStartContext {
  /** A logger named after the plugin. */
  logger: Logger;
}

/**
 * A Relayflow plugin: a plain object made by `definePlugin`. `setup` registers, `start` runs
 * once every plugin is set up (registries are frozen by then), `stop` runs in reverse order.
 */
export interface Plugin {
  /** Unique plugin id, e.g. `relayflow-slack`. */
  id: string;
  /** The `@relayflow/sdk` semver range the plugin was built for, e.g. `^1.0.0`. */
  sdk: string;
  /** Ids of plugins that must be set up before this one. */
  dependencies?: string[];
  /** Registers the plugin's contributions (connector types). Runs before any plugin starts. */
  setup(ctx: PluginSetupContext): void | Promise<void>;
  /** Runs after every plugin is set up; registries are frozen by then. */
  start?(ctx: PluginStartContext): void | Promise<void>;
  /** Releases resources; plugins stop in reverse start order. */
  stop?(): void | Promise<void>;
}

const PLUGIN_BRAND = Symbol.for('relayflow.Plugin');

/**
 * Defines a plugin. Its package's default export should be the returned object.
 * @param plugin - id, SDK range, dependencies and lifecycle hooks
 * @returns the same plugin, marked as one
 */
export function definePlugin<P extends Plugin>(plugin: P): P {
  Object.defineProperty(plugin, PLUGIN_BRAND, { value: true });
  return plugin;
}

/** True when `value` has the shape of a plugin (from any copy of the SDK). */
export function isPlugin(value: unknown): value is Plugin {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<Plugin>;
  return typeof p.id === 'string' && typeof p.sdk === 'string' && typeof p.setup === 'function';
}
