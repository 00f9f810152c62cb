import type { ApiScope } from '../../contracts/api-keys';
import { RelayflowError } from '../../errors/relayflow-error';
import type { ApiKeyStore, StoredApiKey } from '../../contracts/store';
import { violatesUnique, type SqlAccess } from './sql-access';

interface Row {
  name: string; hash: string; key_id: string; scopes: string; created_at: string;
}

/** API keys in the SQLite store: only their keyed hashes. Every read goes to the file, so other processes' changes count at once. */
export class SqliteApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: SqlAccess) {}

  async insert(row: StoredApiKey): Promise<void> {
    try {
      this.db.statement('INSERT INTO api_keys (name, hash, key_id, scopes, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(row.name, row.hash, row.keyId, JSON.stringify(row.scopes), row.createdAt);
    } catch (err) {
      if (violatesUnique(err, 'api_keys.name')) throw new RelayflowError('API_KEY_NAME_TAKEN', `an API key named "${row.name}" already exists; revoke it first (relayflow apikeys revoke ${row.name}) or choose another name`);
      // Never the row: it holds the hash.
      throw new RelayflowError('STORE_ERROR', `cannot save API key "${row.name}": ${(err as Error).message.replace(/[0-9a-f]{64}/g, '…')}`, { cause: err });
    }
  }

  async findByHash(hash: string): Promise<StoredApiKey | undefined> {
    const row = this.db.statement('SELECT * FROM api_keys WHERE hash = ?').get(hash) as Row | undefined;
    return row && fromRow(row);
  }

  async list(): Promise<StoredApiKey[]> {
    return (this.db.statement('SELECT * FROM api_keys ORDER BY name').all() as Row[]).map(fromRow);
  }

  async delete(name: string): Promise<boolean> {
    return this.db.statement('DELETE FROM api_keys WHERE name = ?').run(name).changes > 0;
  }
}

function fromRow(r: Row): StoredApiKey {
  return { name: r.name, hash: r.hash, keyId: r.key_id, scopes: JSON.parse(r.scopes) as ApiScope[], createdAt: r.created_at };
}
