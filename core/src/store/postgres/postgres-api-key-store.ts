import type { ApiScope } from '../../contracts/api-keys';
import { RelayflowError } from '../../errors/relayflow-error';
import type { ApiKeyStore, StoredApiKey } from '../../contracts/store';
import { violatesUnique, type PgAccess } from './pg-access';

interface Row {
  name: string; hash: string; key_id: string; scopes: string; created_at: string;
}

/** API keys in the PostgreSQL store: only their keyed hashes. Every read asks the server, so other processes' changes count at once. */
export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: PgAccess) {}

  async insert(row: StoredApiKey): Promise<void> {
    try {
      await this.db.query('INSERT INTO relayflow.api_keys (name, hash, key_id, scopes, created_at) VALUES ($1, $2, $3, $4, $5)',
        [row.name, row.hash, row.keyId, JSON.stringify(row.scopes), row.createdAt]);
    } catch (err) {
      if (RelayflowError.is(err)) throw err;
      if (violatesUnique(err, 'api_keys_pkey')) throw new RelayflowError('API_KEY_NAME_TAKEN', `an API key named "${row.name}" already exists; revoke it first (relayflow apikeys revoke ${row.name}) or choose another name`);
      // Never the row: it holds the hash (PostgreSQL quotes the values of a violated key in `detail`, which is not passed on).
      throw new RelayflowError('STORE_ERROR', `cannot save API key "${row.name}": ${(err as Error).message.replace(/[0-9a-f]{64}/g, '…')}`);
    }
  }

  async findByHash(hash: string): Promise<StoredApiKey | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM relayflow.api_keys WHERE hash = $1', [hash]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(): Promise<StoredApiKey[]> {
    return (await this.db.query<Row>('SELECT * FROM relayflow.api_keys ORDER BY name')).rows.map(fromRow);
  }

  async delete(name: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM relayflow.api_keys WHERE name = $1', [name])).rowCount > 0;
  }
}

function fromRow(r: Row): StoredApiKey {
  return { name: r.name, hash: r.hash, keyId: r.key_id, scopes: JSON.parse(r.scopes) as ApiScope[], createdAt: r.created_at };
}
