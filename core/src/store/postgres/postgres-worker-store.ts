import type { ExecutionOwner, WorkerRow, WorkerStore } from '../../contracts/store';
import type { PgAccess } from './pg-access';

interface Row { id: string; host: string; pid: number; concurrency: number; started_at: Date; seen_at: string; silent_ms: number }

/** Worker heartbeats in `relayflow.workers`; times are the database's clock, so hosts need not agree. */
export class PostgresWorkerStore implements WorkerStore {
  constructor(private readonly db: PgAccess) {}

  async heartbeat(worker: ExecutionOwner & { concurrency: number }): Promise<void> {
    await this.db.query(`INSERT INTO relayflow.workers (id, host, pid, concurrency) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET seen_at = now(), concurrency = EXCLUDED.concurrency`, [worker.id, worker.host, worker.pid, worker.concurrency]);
  }

  async list(): Promise<WorkerRow[]> {
    // seen_at as text keeps its microseconds: remove() compares it exactly.
    const { rows } = await this.db.query<Row>(`SELECT id, host, pid, concurrency, started_at, seen_at::text AS seen_at,
      (EXTRACT(EPOCH FROM now() - seen_at) * 1000)::float8 AS silent_ms FROM relayflow.workers ORDER BY started_at`);
    return rows.map((r) => ({
      id: r.id, host: r.host, pid: r.pid, concurrency: r.concurrency, startedAt: r.started_at.toISOString(), seenAt: r.seen_at, silentMs: Number(r.silent_ms),
    }));
  }

  async remove(id: string, seenAt?: string): Promise<boolean> {
    const { rowCount } = seenAt === undefined
      ? await this.db.query('DELETE FROM relayflow.workers WHERE id = $1', [id])
      : await this.db.query('DELETE FROM relayflow.workers WHERE id = $1 AND seen_at <= $2::timestamptz', [id, seenAt]);
    return rowCount > 0;
  }

}
