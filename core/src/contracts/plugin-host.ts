/** A plugin as loaded: where from and what it registered. */
export interface LoadedPlugin {
  id: string;
  packageName?: string;
  version?: string;
  /** Absolute path of the module (or `<object>` for plugin objects). */
  source: string;
  connectorTypes: string[];
  /** The step kinds it registered, when it registered any. */
  stepKinds?: string[];
}

/** Loads plugins and runs their lifecycle: setup in dependency order, start, stop in reverse. */
export const PluginHost = Symbol.for('relayflow.PluginHost');
export interface PluginHost {
  start(specs: ReadonlyArray<unknown> | undefined): Promise<void>;
  stop(): Promise<void>;
  loaded(): LoadedPlugin[];
}

/**
 * The plugins to load when Relayflow starts: plugin objects, package names or paths, in order
 * (`createRelayflow({ plugins })`, else the `plugins:` setting). Unbound: every installed plugin
 * package is discovered.
 */
export const PluginSources = Symbol.for('relayflow.PluginSources');
/** The plugin list type (see the `PluginSources` token). */
export type PluginSources = ReadonlyArray<unknown>;
