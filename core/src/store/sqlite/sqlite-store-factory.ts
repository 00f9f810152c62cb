import { injectable } from 'inversify';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RelayflowError } from '../../errors/relayflow-error';
import type { Store } from '../../contracts/store';
import type { StoreFactory, StoreFactoryContext } from '../../contracts/store-factory';
import { stripCredentials } from '../../secrets/redaction';
import { SqliteStore } from './sqlite-store';

/** The store's file in the data dir. */
export const SQLITE_FILE = 'relayflow.db';

/**
 * The embedded SQLite store for `store: sqlite`: the file `relayflow.db` in the data dir
 * (`--data-dir`, `$RELAYFLOW_DATA_DIR`, else `./.relayflow`). For a caller that only reads
 * (`createFile: false`) a missing file stays missing: an empty store in memory stands in.
 */
@injectable()
export class SqliteStoreFactory implements StoreFactory {
  readonly schemes = ['sqlite'];
  readonly description = 'the embedded SQLite store ("store: sqlite")';

  /** @throws RelayflowError `CONFIG_INVALID` for `sqlite:` with anything after it (the file is chosen by the data dir) */
  create(url: string, context: StoreFactoryContext): Store {
    if (url.trim().toLowerCase() !== 'sqlite') {
      throw new RelayflowError('CONFIG_INVALID', `store "${stripCredentials(url)}": the SQLite store takes no path; write "store: sqlite" and choose where its file goes with --data-dir (or RELAYFLOW_DATA_DIR)`);
    }
    const file = join(context.dataDir, SQLITE_FILE);
    if (context.createFile === false && nothingStored(context.dataDir, file)) {
      context.logger.debug('no SQLite store yet: an empty one in memory stands in (nothing is created)', { file });
      return new SqliteStore(':memory:', (message) => context.logger.error(message));
    }
    context.logger.debug('using the SQLite store', { file });
    return new SqliteStore(file, (message) => context.logger.error(message));
  }
}

/**
 * No store to read: its file is missing, and so is the data dir or it is a directory (a data dir
 * that is a file is a mistake to report, which opening the store does).
 */
function nothingStored(dataDir: string, file: string): boolean {
  if (existsSync(file)) return false;
  try {
    return statSync(dataDir).isDirectory();
  } catch {
    return true;
  }
}
