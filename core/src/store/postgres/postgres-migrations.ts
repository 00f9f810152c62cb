import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { PoolClient } from 'pg';
import type { Logger } from '../../contracts/logger';
import { RelayflowError } from '../../errors/relayflow-error';
import { SCHEMA } from './pg-access';

/** The folder of the migration files (compiled to `.js` beside this file in the package). */
export const MIGRATIONS_DIR = join(__dirname, 'migrations');
/** The table, in the store's schema, that lists the migrations run (node-pg-migrate's). */
export const MIGRATIONS_TABLE = 'migrations';
/** Files in the folder that are not migrations: declarations and source maps of the build. */
const NOT_MIGRATIONS = String.raw`(\..*|.*\.d\.ts|.*\.map)`;

/** The migrations this Relayflow knows, by name (the file name without its extension), in order. */
export function knownMigrations(): string[] {
  const ignored = new RegExp(`^${NOT_MIGRATIONS}$`);
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => !ignored.test(file) && ['.js', '.ts'].includes(extname(file)))
    .map((file) => file.slice(0, -extname(file).length))
    .sort();
}

/**
 * Brings the store's schema up to date with node-pg-migrate's runner: creates the schema
 * `relayflow` when missing and runs the migrations not run yet, all in one transaction. Of
 * several processes opening the store at once, one migrates and the others wait for it (the
 * runner's advisory lock), then find nothing left to run.
 *
 * A store migrated by a newer Relayflow is left alone: this one would not know its tables.
 *
 * @param client - a connection of its own: the runner sets its `search_path`
 * @throws RelayflowError `STORE_UNAVAILABLE` when a newer Relayflow migrated the store past what this one knows
 */
export async function migrate(client: PoolClient, logger: Logger): Promise<void> {
  const known = knownMigrations();
  const ran = await ranMigrations(client);
  const unknown = ran.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new RelayflowError('STORE_UNAVAILABLE',
      `the store was written by a newer Relayflow (schema migration ${unknown[unknown.length - 1]}; this one knows up to ${known[known.length - 1]}); upgrade relayflow`);
  }
  // Up to date (every start but the first after an upgrade): one query, and the runner is not even loaded.
  if (known.every((name) => ran.includes(name))) return;
  // node-pg-migrate is an ES module: loaded (through require(esm)) only when there is something to migrate.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runner } = require('node-pg-migrate') as typeof import('node-pg-migrate');
  const applied = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    ignorePattern: NOT_MIGRATIONS,
    schema: SCHEMA,
    createSchema: true,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    singleTransaction: true,
    checkOrder: true,
    advisoryLockMode: 'wait',
    logger: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
  });
  if (applied.length) logger.info('PostgreSQL store migrated', { schema: SCHEMA, migrations: applied.map((m) => m.name) });
}

/** The migrations run on this database, oldest first (none before the first start). */
async function ranMigrations(client: PoolClient): Promise<string[]> {
  const table = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`${SCHEMA}.${MIGRATIONS_TABLE}`]);
  if (!table.rows[0].exists) return [];
  return (await client.query<{ name: string }>(`SELECT name FROM ${SCHEMA}.${MIGRATIONS_TABLE} ORDER BY run_on, id`)).rows.map((r) => r.name);
}
