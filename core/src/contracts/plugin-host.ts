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
