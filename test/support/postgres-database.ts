import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The machine's PostgreSQL server as the tests reach it (user postgres, trust auth): the
 * maintenance database, from which each test run creates its own. `RELAYFLOW_TEST_POSTGRES_URL`
 * points elsewhere.
 */
export const POSTGRES_ADMIN_URL = process.env.RELAYFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database made for one test run. */
export interface TestDatabase {
  /** Its name (`relayflow_test_` and random hex). */
  name: string;
  /** Its URL, for `store:`. */
  url: string;
  /** Runs SQL in it (on a connection of its own), as another process would see it. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Drops it, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the test server.
 * @throws Error naming the server when it cannot be reached
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `relayflow_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(POSTGRES_ADMIN_URL, name);
  return {
    name,
    url,
    query: async <R>(sql: string, params?: unknown[]) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * In a mocha `describe`: a fresh database for the suite's tests, made before them and dropped
 * after. Without a reachable server the suite is skipped with a message on a developer's machine,
 * and fails under CI (`CI=true`), where PostgreSQL must be running (`.ci/run` starts it).
 * @returns the database, once the suite's `before` hook ran
 */
export function usePostgresDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  before(async function () {
    this.timeout(30_000);
    try {
      database = await createTestDatabase();
    } catch (err) {
      const why = `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(err as Error).message})`;
      if (process.env.CI) throw new Error(`${why}; CI needs it: .ci/run starts it`);
      console.warn(`skipping "${this.test?.parent?.fullTitle()}": ${why}`);
      this.skip();
    }
  });
  after(async function () {
    this.timeout(30_000);
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('the test database is made in the suite\'s before hook');
    return database;
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
