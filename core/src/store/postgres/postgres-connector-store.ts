import { RelayflowError } from '../../errors/relayflow-error';
import type { ConnectorStore, StoredConnector } from '../../contracts/store';
import { violatesUnique, type PgAccess } from './pg-access';
import { fromRow, toRow, type ConnectorRow } from '../connector-rows';

/** Connectors in the PostgreSQL store: read and written at once. */
export class PostgresConnectorStore implements ConnectorStore {
  constructor(private readonly db: PgAccess) {}

  async insert(row: StoredConnector): Promise<void> {
    const r = toRow(row);
    await this.write(row, () => this.db.query(
      'INSERT INTO relayflow.connectors (id, name, type, config, secrets, key_id, limits, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [r.id, r.name, r.type, r.config, r.secrets, r.key_id, r.limits, r.created_at, r.updated_at],
    ));
  }

  async update(row: StoredConnector): Promise<void> {
    const r = toRow(row);
    await this.write(row, () => this.db.query(
      'UPDATE relayflow.connectors SET name = $2, config = $3, secrets = $4, key_id = $5, limits = $6, updated_at = $7 WHERE id = $1',
      [r.id, r.name, r.config, r.secrets, r.key_id, r.limits, r.updated_at],
    ));
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM relayflow.connectors WHERE id = $1', [id])).rowCount > 0;
  }

  async get(id: string): Promise<StoredConnector | undefined> {
    const { rows } = await this.db.query<ConnectorRow>('SELECT * FROM relayflow.connectors WHERE id = $1', [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async getByName(name: string): Promise<StoredConnector | undefined> {
    const { rows } = await this.db.query<ConnectorRow>('SELECT * FROM relayflow.connectors WHERE name = $1', [name]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(): Promise<StoredConnector[]> {
    return (await this.db.query<ConnectorRow>('SELECT * FROM relayflow.connectors ORDER BY name')).rows.map(fromRow);
  }

  async keyIds(): Promise<string[]> {
    return (await this.db.query<{ key_id: string }>('SELECT DISTINCT key_id FROM relayflow.connectors')).rows.map((r) => r.key_id);
  }

  private async write(row: StoredConnector, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      if (RelayflowError.is(err)) throw err;
      if (violatesUnique(err, 'connectors_name_key')) throw new RelayflowError('CONNECTOR_NAME_TAKEN', `a connector named "${row.name}" already exists; connector names are unique`);
      if (violatesUnique(err, 'connectors_pkey')) throw new RelayflowError('CONNECTOR_ID_TAKEN', `a connector with id ${row.id} already exists`);
      throw new RelayflowError('STORE_ERROR', `cannot save connector "${row.name}": ${(err as Error).message}`, { cause: err });
    }
  }
}
