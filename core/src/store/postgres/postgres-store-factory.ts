import { injectable } from 'inversify';
import type { Store } from '../../contracts/store';
import type { StoreFactory, StoreFactoryContext } from '../../contracts/store-factory';
import { RelayflowError } from '../../errors/relayflow-error';
import { displaySetting } from '../store-factory-registry';
import type { PostgresStore } from './postgres-store';

/**
 * The PostgreSQL store for `store: postgres://user:password@host:5432/database` (or
 * `postgresql://`): every node that names one database shares its connectors, workflows, API keys
 * and executions. Its tables are in the schema `relayflow`.
 */
@injectable()
export class PostgresStoreFactory implements StoreFactory {
  readonly schemes = ['postgres', 'postgresql'];
  readonly description = 'the PostgreSQL store ("store: postgres://user@host:5432/database")';

  /** @throws RelayflowError `CONFIG_INVALID` for a setting that is not a URL */
  create(url: string, context: StoreFactoryContext): Store {
    const setting = url.trim();
    if (!URL.canParse(setting)) {
      throw new RelayflowError('CONFIG_INVALID', `store "${displaySetting(setting)}" is not a PostgreSQL URL; write it as postgres://user:password@host:5432/database`);
    }
    context.logger.debug('using the PostgreSQL store', { store: displaySetting(setting) });
    // Loaded when a PostgreSQL store is configured: every process otherwise skips its modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PostgresStore: Postgres } = require('./postgres-store') as { PostgresStore: typeof PostgresStore };
    return new Postgres(setting, context.logger);
  }
}
