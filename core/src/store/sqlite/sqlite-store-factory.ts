import { injectable } from 'inversify';
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
 * (`--data-dir`, `$RELAYFLOW_DATA_DIR`, else `./.relayflow`).
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
    context.logger.debug('using the SQLite store', { file });
    return new SqliteStore(file, (message) => context.logger.error(message));
  }
}
