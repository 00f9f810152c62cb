import type { StoredConnector } from '../contracts/store';

/** A connector's row as both stores hold it: config as JSON text, secrets sealed. */
export interface ConnectorRow {
  id: string; name: string; type: string; config: string; secrets: string; key_id: string; created_at: string; updated_at: string;
}

export function toRow(c: StoredConnector): ConnectorRow {
  return {
    id: c.id, name: c.name, type: c.type, config: JSON.stringify(c.config), secrets: c.secrets.ciphertext,
    key_id: c.secrets.keyId, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

export function fromRow(r: ConnectorRow): StoredConnector {
  return {
    id: r.id, name: r.name, type: r.type, config: JSON.parse(r.config) as Record<string, unknown>,
    secrets: { ciphertext: r.secrets, keyId: r.key_id }, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
