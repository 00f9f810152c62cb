import type { ColumnDefinitions, MigrationBuilder } from 'node-pg-migrate';

// The PostgreSQL store's first schema: what the SQLite store holds after its migrations 1 and 2.
// Runs with `search_path` set to the store's schema (`relayflow`), so the tables land there.
// Append only: never edit a migration that has shipped; add the next file.
//
// Keys and the columns sorted or compared on are `COLLATE "C"` (byte order, as SQLite's): names
// list in the same order on both stores, and time-ordered ids and ISO-8601 instants compare as
// text. Records, configs and triggers are JSON text, not jsonb: they read back exactly as written
// (key order, and \u0000, which jsonb refuses).

/** Text compared byte by byte. */
const key = (extra: Partial<ColumnDefinitions[string] & object> = {}) => ({ type: 'text', collation: '"C"', notNull: true, ...extra });
const text = { type: 'text', notNull: true };

export function up(pgm: MigrationBuilder): void {
  pgm.createTable('connectors', {
    id: key({ primaryKey: true }),
    name: key({ unique: true }),
    type: text,
    config: text,
    secrets: text,
    key_id: text,
    created_at: text,
    updated_at: text,
  });

  pgm.createTable('executions', {
    id: key({ primaryKey: true }),
    workflow_id: key(),
    workflow_name: text,
    workflow_version: { type: 'integer' },
    trigger_type: { type: 'text', notNull: true, default: 'manual' },
    trigger_at: { type: 'text' },
    status: text,
    started_at: key(),
    finished_at: { type: 'text' },
    duration_ms: { type: 'bigint' },
    error: { type: 'text' },
    input: text,
    cancel_requested_at: { type: 'text' },
  });
  pgm.createIndex('executions', [{ name: 'started_at', sort: 'DESC' }], { name: 'executions_by_start' });
  pgm.createIndex('executions', ['workflow_id', 'id'], { name: 'executions_by_workflow' });
  pgm.createIndex('executions', ['status', 'id'], { name: 'executions_by_status' });
  pgm.createIndex('executions', ['id'], { name: 'executions_cancel_requested', where: 'cancel_requested_at IS NOT NULL' });

  pgm.createTable('execution_steps', {
    execution_id: key({ references: 'executions', onDelete: 'CASCADE' }),
    seq: { type: 'integer', notNull: true },
    record: text,
  }, { constraints: { primaryKey: ['execution_id', 'seq'] } });

  pgm.createTable('workflows', {
    id: key({ primaryKey: true }),
    enabled: { type: 'boolean', notNull: true },
    version: { type: 'integer', notNull: true },
    created_at: text,
    updated_at: text,
  });
  pgm.createTable('workflow_versions', {
    workflow_id: key(),
    version: { type: 'integer', notNull: true },
    yaml: text,
    triggers: text,
    created_at: text,
  }, { constraints: { primaryKey: ['workflow_id', 'version'] } });

  pgm.createTable('api_keys', {
    name: key({ primaryKey: true }),
    hash: key({ unique: true }),
    key_id: text,
    scopes: text,
    created_at: text,
  });

  pgm.createTable('trigger_fires', {
    workflow_id: key(),
    key: key(),
    slot: key(),
    claimed_at: text,
  }, { constraints: { primaryKey: ['workflow_id', 'key', 'slot'] } });
}

export function down(pgm: MigrationBuilder): void {
  for (const table of ['trigger_fires', 'api_keys', 'workflow_versions', 'workflows', 'execution_steps', 'executions', 'connectors']) pgm.dropTable(table);
}
