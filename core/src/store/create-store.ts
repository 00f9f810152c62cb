import { RelayflowError } from '../errors/relayflow-error';
import { stripCredentials } from '../secrets/redaction';
import type { Logger } from '../contracts/logger';
import type { Store } from '../contracts/store';
import { SqliteStore } from './sqlite/sqlite-store';

/**
 * The store for the `store` setting: `sqlite` (the embedded default, a file in the data dir).
 * @throws RelayflowError `NOT_SUPPORTED` for a store this version does not provide
 */
export function createStore(setting: string, sqliteFile: string, logger: Logger): Store {
  if (setting === 'sqlite') return new SqliteStore(sqliteFile, (message) => logger.error(message));
  throw new RelayflowError('NOT_SUPPORTED', `store "${stripCredentials(setting)}" is not available in this version: only the embedded SQLite store ("store: sqlite") is; PostgreSQL support is planned`);
}
