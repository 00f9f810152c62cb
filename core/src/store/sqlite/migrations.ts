/**
 * Versioned schema migrations for the embedded store. Append only: never edit a migration
 * that has shipped; add the next version.
 */
export const SQLITE_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE connectors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        config TEXT NOT NULL,
        secrets TEXT NOT NULL,
        key_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE executions (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL,
        workflow_name TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        error TEXT,
        input TEXT NOT NULL
      );
      CREATE INDEX executions_by_start ON executions (started_at DESC);
      CREATE TABLE execution_steps (
        execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (execution_id, seq)
      );
    `,
  },
  {
    // Stored workflows (every version kept), API keys (hashed), schedule claims; executions say
    // which workflow version ran, what started them, and whether another process asked to cancel.
    version: 2,
    sql: `
      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE workflow_versions (
        workflow_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        yaml TEXT NOT NULL,
        triggers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workflow_id, version)
      );
      CREATE TABLE api_keys (
        name TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        key_id TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE trigger_fires (
        workflow_id TEXT NOT NULL,
        key TEXT NOT NULL,
        slot TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        UNIQUE (workflow_id, key, slot)
      );
      ALTER TABLE executions ADD COLUMN workflow_version INTEGER;
      ALTER TABLE executions ADD COLUMN trigger_type TEXT NOT NULL DEFAULT 'manual';
      ALTER TABLE executions ADD COLUMN trigger_at TEXT;
      ALTER TABLE executions ADD COLUMN cancel_requested_at TEXT;
      UPDATE executions SET trigger_at = started_at WHERE trigger_at IS NULL;
      CREATE INDEX executions_by_workflow ON executions (workflow_id, id);
      CREATE INDEX executions_by_status ON executions (status, id);
      CREATE INDEX executions_cancel_requested ON executions (id) WHERE cancel_requested_at IS NOT NULL;
    `,
  },
  {
    version: 3,
    // Crash resume (contract §12): who runs an execution and until when its lease holds, when a
    // parked one is due, and how often it was resumed.
    sql: `
      ALTER TABLE executions ADD COLUMN owner_id TEXT;
      ALTER TABLE executions ADD COLUMN owner_host TEXT;
      ALTER TABLE executions ADD COLUMN owner_pid INTEGER;
      ALTER TABLE executions ADD COLUMN lease_until TEXT;
      ALTER TABLE executions ADD COLUMN parked_until TEXT;
      ALTER TABLE executions ADD COLUMN resumed_at TEXT;
      ALTER TABLE executions ADD COLUMN resumes INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX executions_by_owner ON executions (owner_id) WHERE status = 'running';
    `,
  },
  {
    version: 4,
    // Connector limits (contract §12): `{concurrency?, rate?}` as JSON text, NULL when none.
    sql: `
      ALTER TABLE connectors ADD COLUMN limits TEXT;
    `,
  },
  {
    version: 5,
    // A count every change to stored workflows bumps (in the change's transaction, whichever
    // process makes it): a process keeps the rows it read while the count is unchanged, so a
    // webhook does not read its workflow's row (a join, on a page cache other connections' commits keep dropping).
    sql: `
      CREATE TABLE workflow_changes (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
      INSERT INTO workflow_changes (id, generation) VALUES (1, 0);
    `,
  },
];
