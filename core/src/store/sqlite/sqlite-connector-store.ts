import { RelayflowError } from '../../errors/relayflow-error';
import type { ConnectorStore, StoredConnector } from '../../contracts/store';
import { violatesUnique, type SqlAccess } from './sql-access';
import { fromRow, toRow, type ConnectorRow } from '../connector-rows';

/** Connectors in the SQLite store: read and written at once, on the store's connection. */
export class SqliteConnectorStore implements ConnectorStore {
  constructor(private readonly db: SqlAccess) {}

  async insert(row: StoredConnector): Promise<void> {
    this.write(row, () => this.db.statement(
      'INSERT INTO connectors (id, name, type, config, secrets, key_id, limits, created_at, updated_at) VALUES (@id, @name, @type, @config, @secrets, @key_id, @limits, @created_at, @updated_at)',
    ).run(toRow(row)));
  }

  async update(row: StoredConnector): Promise<void> {
    this.write(row, () => this.db.statement(
      'UPDATE connectors SET name = @name, config = @config, secrets = @secrets, key_id = @key_id, limits = @limits, updated_at = @updated_at WHERE id = @id',
    ).run(toRow(row)));
  }

  async delete(id: string): Promise<boolean> {
    return this.db.statement('DELETE FROM connectors WHERE id = ?').run(id).changes > 0;
  }

  async get(id: string): Promise<StoredConnector | undefined> {
    const row = this.db.statement('SELECT * FROM connectors WHERE id = ?').get(id) as ConnectorRow | undefined;
    return row && fromRow(row);
  }

  async getByName(name: string): Promise<StoredConnector | undefined> {
    const row = this.db.statement('SELECT * FROM connectors WHERE name = ?').get(name) as ConnectorRow | undefined;
    return row && fromRow(row);
  }

  async list(): Promise<StoredConnector[]> {
    return (this.db.statement('SELECT * FROM connectors ORDER BY name').all() as ConnectorRow[]).map(fromRow);
  }

  async keyIds(): Promise<string[]> {
    return (this.db.statement('SELECT DISTINCT key_id FROM connectors').all() as Array<{ key_id: string }>).map((r) => r.key_id);
  }

  private write(row: StoredConnector, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (violatesUnique(err, 'connectors.name')) throw new RelayflowError('CONNECTOR_NAME_TAKEN', `a connector named "${row.name}" already exists; connector names are unique`);
      if (violatesUnique(err, 'connectors.id')) throw new RelayflowError('CONNECTOR_ID_TAKEN', `a connector with id ${row.id} already exists`);
      throw new RelayflowError('STORE_ERROR', `cannot save connector "${row.name}": ${(err as Error).message}`, { cause: err });
    }
  }
}
