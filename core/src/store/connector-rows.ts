import type { ConnectorLimits } from '../contracts/connector-limiter';
import type { StoredConnector } from '../contracts/store';

/** A connector's row as both stores hold it: config and limits as JSON text (limits NULL when none), secrets sealed. */
export interface ConnectorRow {
  id: string; name: string; type: string; config: string; secrets: string; key_id: string; limits: string | null; created_at: string; updated_at: string;
}

export function toRow(c: StoredConnector): ConnectorRow {
  return {
    id: c.id, name: c.name, type: c.type, config: JSON.stringify(c.config), secrets: c.secrets.ciphertext,
    key_id: c.secrets.keyId, limits: c.limits ? JSON.stringify(c.limits) : null, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

export function fromRow(r: ConnectorRow): StoredConnector {
  return {
    id: r.id, name: r.name, type: r.type, config: JSON.parse(r.config) as Record<string, unknown>,
    secrets: { ciphertext: r.secrets, keyId: r.key_id },
    ...(r.limits ? { limits: JSON.parse(r.limits) as ConnectorLimits } : {}),
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
