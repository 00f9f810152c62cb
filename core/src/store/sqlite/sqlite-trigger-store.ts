import { RelayflowError } from '../../errors/relayflow-error';
import type { TriggerStore } from '../../contracts/trigger-store';
import type { SqlAccess } from './sql-access';

/** How long claims older than a trigger's latest one are kept: a slower scheduler's late claim for an old slot still finds it. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Schedule claims in the SQLite store: a unique row per (workflow, trigger, slot), so of two
 * schedulers (or a restarted one) exactly one claims a slot.
 */
export class SqliteTriggerStore implements TriggerStore {
  constructor(private readonly db: SqlAccess) {}

  async claim(workflowId: string, key: string, slot: string): Promise<boolean> {
    const at = instant(slot);
    return this.db.transaction(() => {
      const claimed = this.db.statement('INSERT OR IGNORE INTO trigger_fires (workflow_id, key, slot, claimed_at) VALUES (?, ?, ?, ?)')
        .run(workflowId, key, at.toISOString(), new Date().toISOString()).changes > 0;
      if (claimed) {
        this.db.statement('DELETE FROM trigger_fires WHERE workflow_id = ? AND key = ? AND slot < ?')
          .run(workflowId, key, new Date(at.getTime() - KEEP_MS).toISOString());
      }
      return claimed;
    });
  }

  async lastClaimed(workflowId: string, key: string): Promise<string | undefined> {
    return this.db.statement('SELECT slot FROM trigger_fires WHERE workflow_id = ? AND key = ? ORDER BY slot DESC LIMIT 1').pluck().get(workflowId, key) as string | undefined;
  }
}

/** Slots are compared as instants: every form of one instant is one slot. */
function instant(slot: string): Date {
  const at = typeof slot === 'string' && /^\d{4}-\d\d-\d\dT/.test(slot) ? new Date(slot) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new RelayflowError('BAD_ARGUMENT', `trigger slot "${String(slot)}" is not an ISO-8601 instant such as 2026-01-01T10:00:00.000Z`);
  return at;
}
