import type { Logger } from './logger';
import type { Store } from './store';

/** What a {@link StoreFactory} gets besides the setting. */
export interface StoreFactoryContext {
  /** The data dir (`--data-dir`, `$RELAYFLOW_DATA_DIR`, else `./.relayflow`): where an embedded store's file goes. */
  dataDir: string;
  /** The directory relative paths in the configuration resolve from (the config file's). */
  baseDir: string;
  /** Core's logger. */
  logger: Logger;
  /**
   * `false` when the caller only reads (`relayflow validate`, dry runs, list commands): an
   * embedded store whose file does not exist yet is not created; an empty store stands in.
   * Absent means `true`.
   */
  createFile?: boolean;
}

/**
 * Makes a store for `store:` settings of its URL schemes. A kind of store is added by binding one:
 * `bind(StoreFactory).to(MyStoreFactory)` (core binds the SQLite one for `sqlite` and the PostgreSQL
 * one for `postgres` and `postgresql`).
 * When two factories claim a scheme, the first bound wins (a host's bindings come before core's).
 */
export const StoreFactory = Symbol.for('relayflow.StoreFactory');
/** A store kind (see the `StoreFactory` token). */
export interface StoreFactory {
  /**
   * Lower-case URL schemes it serves, without the colon: the setting `postgres://...` has the scheme
   * `postgres`; a bare word (`sqlite`) is its own scheme.
   */
  readonly schemes: readonly string[];
  /** What it offers, for the message that lists the stores available, e.g. `the embedded SQLite store ("store: sqlite")`. */
  readonly description: string;
  /**
   * Makes the store (not opened yet: the lifecycle opens it).
   * @param url - the `store:` setting as configured (it may carry a password: never log or print it)
   * @throws RelayflowError `CONFIG_INVALID` for a setting of its scheme it cannot use
   */
  create(url: string, context: StoreFactoryContext): Store;
}

/**
 * The store kinds known: every bound {@link StoreFactory}, in binding order (none bound: an empty list).
 */
export const StoreFactoryRegistry = Symbol.for('relayflow.StoreFactoryRegistry');
/** The store factory registry interface (see the `StoreFactoryRegistry` token). */
export interface StoreFactoryRegistry {
  /** Every factory, in binding order (`[]` when none is bound). */
  list(): readonly StoreFactory[];
  /**
   * Makes the store for a `store:` setting with the factory of its scheme.
   * @throws RelayflowError `NOT_SUPPORTED` when no factory serves the scheme (the message lists
   *   the stores available and never shows a password)
   */
  create(setting: string, context: StoreFactoryContext): Store;
}
