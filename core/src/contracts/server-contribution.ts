/**
 * Static files a plugin contributes to `relayflow serve` (the web console is one): a folder
 * served under a URL prefix, without an API key (the files are public; what they show comes
 * from the API, which asks for one).
 */
export interface StaticAssets {
  /** Names the files in logs and errors, e.g. `console`. */
  id: string;
  /**
   * The URL path they are served under: `/` or `/NAME/` (letters, digits, `-`, `_`, `.`), never
   * under `/api/`. `PREFIX` itself serves the folder's `index.html`.
   */
  prefix: string;
  /** Absolute path of the folder; its files are listed once, when the server starts. */
  root: string;
  /**
   * Sub-folders (relative to `root`, e.g. `assets`) whose file names carry a hash of their
   * content: served with `Cache-Control: public, max-age=31536000, immutable`. Every other file
   * (`index.html` first) is served `no-cache`, so a browser asks again (with its ETag) each time.
   */
  immutable?: string[];
}

/** A contribution and the plugin that registered it. */
export interface RegisteredStaticAssets {
  assets: StaticAssets;
  pluginId: string;
}

/**
 * What plugins contribute to the REST server (`relayflow serve`): static files today; routes or
 * console panels would be added beside them. Frozen at start, as the other registries.
 */
export const ServerContributions = Symbol.for('relayflow.ServerContributions');
export interface ServerContributions {
  /**
   * @throws RelayflowError `PLUGIN_INVALID` for a malformed contribution (prefix, relative or
   *   missing root), `DUPLICATE_TYPE` when another plugin took the prefix, `REGISTRY_FROZEN` after start
   */
  registerStaticAssets(assets: StaticAssets, pluginId: string): void;
  /** Every static contribution, in registration order. */
  staticAssets(): RegisteredStaticAssets[];
  freeze(): void;
}
