import type { MigrationBuilder } from 'node-pg-migrate';

// Connector limits (contract §12), as the SQLite store's migration 4: `{concurrency?, rate?}` as
// JSON text (read back exactly as written, like config), NULL when the connector has none.
// Append only: never edit a migration that has shipped; add the next file.

export function up(pgm: MigrationBuilder): void {
  pgm.addColumns('connectors', { limits: { type: 'text' } });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropColumns('connectors', ['limits']);
}
