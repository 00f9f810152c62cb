import type { MigrationBuilder } from 'node-pg-migrate';

// Crash resume (contract §12), as the SQLite store's migration 3: who runs an execution and until
// when its lease holds, when a parked one is due, and how often it was resumed.
// Append only: never edit a migration that has shipped; add the next file.

export function up(pgm: MigrationBuilder): void {
  pgm.addColumns('executions', {
    owner_id: { type: 'text', collation: '"C"' },
    owner_host: { type: 'text' },
    owner_pid: { type: 'integer' },
    lease_until: { type: 'text', collation: '"C"' },
    parked_until: { type: 'text', collation: '"C"' },
    resumed_at: { type: 'text' },
    resumes: { type: 'integer', notNull: true, default: 0 },
  });
  pgm.createIndex('executions', ['owner_id'], { name: 'executions_by_owner', where: "status = 'running'" });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropIndex('executions', ['owner_id'], { name: 'executions_by_owner' });
  pgm.dropColumns('executions', ['owner_id', 'owner_host', 'owner_pid', 'lease_until', 'parked_until', 'resumed_at', 'resumes']);
}
