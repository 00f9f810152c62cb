import type { MigrationBuilder } from 'node-pg-migrate';

// Scale-out (contract §12): the processes that run executions from the queue (`relayflow
// worker`, `relayflow serve`), each renewing `seen_at`. A process that stopped renewing is dead:
// a peer hands its unfinished queue work back to the queue and deletes its row.
// Append only: never edit a migration that has shipped; add the next file.

export function up(pgm: MigrationBuilder): void {
  pgm.createTable('workers', {
    id: { type: 'text', primaryKey: true, collation: '"C"' },
    host: { type: 'text', notNull: true },
    pid: { type: 'integer', notNull: true },
    concurrency: { type: 'integer', notNull: true },
    started_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
    seen_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('workers');
}
