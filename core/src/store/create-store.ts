import { RelayflowError } from '../contracts/relayflow-error';
import type { Store } from '../tokens';
import { SqliteStore } from './sqlite/sqlite-store';

/**
 * The store for the `store` setting: `sqlite` (the embedded default, a file in the data dir).
 * @throws RelayflowError `NOT_SUPPORTED` for a store this version does not provide
 */
export function createStore(setting: string, sqliteFile: string): Store {
  if (setting === 'sqlite') return new SqliteStore(sqliteFile);
  throw new RelayflowError('NOT_SUPPORTED', `store "${setting.replace(/\/\/[^@/]*@/, '//***@')}" is not available in this version: only the embedded SQLite store ("store: sqlite") is; PostgreSQL support is planned`);
}
