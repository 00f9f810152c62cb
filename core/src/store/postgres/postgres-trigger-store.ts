import { RelayflowError } from '../../errors/relayflow-error';
import type { TriggerStore } from '../../contracts/trigger-store';
import type { PgAccess } from './pg-access';

/** How long claims older than a trigger's latest one are kept: a slower scheduler's late claim for an old slot still finds it. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Schedule claims in the PostgreSQL store: a unique row per (workflow, trigger, slot), inserted
 * with `ON CONFLICT DO NOTHING`, so of any number of schedulers (on any machines) exactly one
 * claims a slot.
 */
export class PostgresTriggerStore implements TriggerStore {
  constructor(private readonly db: PgAccess) {}

  async claim(workflowId: string, key: string, slot: string): Promise<boolean> {
    const at = instant(slot);
    return this.db.transaction(async (client) => {
      const claimed = ((await client.query(
        'INSERT INTO relayflow.trigger_fires (workflow_id, key, slot, claimed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [workflowId, key, at.toISOString(), new Date().toISOString()],
      )).rowCount ?? 0) > 0;
      if (claimed) {
        await client.query('DELETE FROM relayflow.trigger_fires WHERE workflow_id = $1 AND key = $2 AND slot < $3',
          [workflowId, key, new Date(at.getTime() - KEEP_MS).toISOString()]);
      }
      return claimed;
    });
  }

  async lastClaimed(workflowId: string, key: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ slot: string }>('SELECT slot FROM relayflow.trigger_fires WHERE workflow_id = $1 AND key = $2 ORDER BY slot DESC LIMIT 1', [workflowId, key]);
    return rows[0]?.slot;
  }
}

/** Slots are compared as instants: every form of one instant is one slot. */
function instant(slot: string): Date {
  const at = typeof slot === 'string' && /^\d{4}-\d\d-\d\dT/.test(slot) ? new Date(slot) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new RelayflowError('BAD_ARGUMENT', `trigger slot "${String(slot)}" is not an ISO-8601 instant such as 2026-01-01T10:00:00.000Z`);
  return at;
}
