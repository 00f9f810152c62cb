import { join } from 'node:path';
import type { Logger } from '../../../core/src/contracts/logger';
import type { Store } from '../../../core/src/contracts/store';
import { PostgresStore } from '../../../core/src/store/postgres/postgres-store';
import { SqliteStore } from '../../../core/src/store/sqlite/sqlite-store';
import { usePostgresDatabase } from '../postgres-database';
import { tempDir } from '../temp-dir';

/** What a store-contract suite opens stores with, whatever the kind of store. */
export interface StoreMaker {
  /** The kind, for titles: `SQLite`, `PostgreSQL`. */
  readonly kind: string;
  /**
   * Opens a store on the current data. Each call opens another store on the same data, as
   * another process (or a restart) would. Stores still open after a test are closed.
   * @param options.onWriteError - told about execution writes that could not be recorded (stores that report them so)
   */
  open(options?: { onWriteError?: (message: string) => void }): Promise<Store>;
}

/**
 * Registers, in the calling `describe`, what a kind of store needs (a database for PostgreSQL),
 * fresh, empty data before each test, and the closing of every store a test opened.
 */
export type StoreKind = { kind: string; use(): StoreMaker };

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** Closes, after each test, the stores it opened. */
function tracked(kind: string, make: (onWriteError?: (message: string) => void) => Store): StoreMaker {
  let opened: Store[] = [];
  afterEach(async () => {
    const stores = opened;
    opened = [];
    await Promise.all(stores.map((s) => s.close()));
  });
  return {
    kind,
    async open(options = {}) {
      const store = make(options.onWriteError);
      opened.push(store);
      await store.open();
      return store;
    },
  };
}

/** The embedded SQLite store: a new file per test. */
export const SQLITE: StoreKind = {
  kind: 'SQLite',
  use() {
    let file = '';
    beforeEach(() => { file = join(tempDir(), 'relayflow.db'); });
    return tracked('SQLite', (onWriteError) => new SqliteStore(file, onWriteError));
  },
};

/**
 * The PostgreSQL store on the machine's server: a database per suite (made and dropped by
 * usePostgresDatabase), its schema dropped before each test, so each test migrates afresh.
 */
export const POSTGRES: StoreKind = {
  kind: 'PostgreSQL',
  use() {
    const database = usePostgresDatabase();
    beforeEach(async () => { await database().query('DROP SCHEMA IF EXISTS relayflow CASCADE'); });
    return tracked('PostgreSQL', (onWriteError) => new PostgresStore(database().url, reporting(onWriteError)));
  },
};

/** A logger that passes errors and warnings to `onWriteError`, if given. */
function reporting(onWriteError?: (message: string) => void): Logger {
  if (!onWriteError) return quiet;
  const logger: Logger = { debug() {}, info() {}, warn: (m) => onWriteError(m), error: (m) => onWriteError(m), child: () => logger };
  return logger;
}

/** Every kind of store core ships: each store-contract suite runs against all of them. */
export const STORE_KINDS: readonly StoreKind[] = [SQLITE, POSTGRES];
