import type { PoolClient } from 'pg';
import type { ExecutionWrite } from '../execution-rows';

export type { ExecutionWrite };

type Start = Extract<ExecutionWrite, { kind: 'start' }>;
type Step = Extract<ExecutionWrite, { kind: 'step' }>;
type Finish = Extract<ExecutionWrite, { kind: 'finish' }>;

// One statement per kind of write, over arrays (unnest): a batch costs a few round trips however
// many writes it holds. Applying a batch twice changes nothing (a start is inserted once, a step
// replaced, a finish set again), so a batch whose commit was not acknowledged may be sent again.
const INSERT_STARTS = `INSERT INTO relayflow.executions (id, workflow_id, workflow_name, workflow_version, trigger_type, trigger_at, status, started_at, input,
    owner_id, owner_host, owner_pid, lease_until)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::text[], $11::text[], $12::int[], $13::text[])
  ON CONFLICT (id) DO NOTHING`;
const UPSERT_STEPS = `INSERT INTO relayflow.execution_steps (execution_id, seq, record)
  SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
  ON CONFLICT (execution_id, seq) DO UPDATE SET record = EXCLUDED.record`;
const UPDATE_FINISHES = `UPDATE relayflow.executions e SET status = f.status, finished_at = f.finished_at, duration_ms = f.duration_ms, error = f.error
  FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS f (id, status, finished_at, duration_ms, error)
  WHERE e.id = f.id`;

/**
 * Applies a batch of writes atomically on `client`: executions started, then steps, then
 * executions finished (a step row needs its execution's). Of two writes of one step or one
 * finish in a batch, the later wins. A batch of one kind is one statement, which needs no
 * transaction of its own: a single write costs one round trip.
 * @throws the driver's error (nothing of the batch is written)
 */
export async function applyWrites(client: PoolClient, writes: readonly ExecutionWrite[]): Promise<void> {
  const statements = statementsFor(writes);
  if (statements.length === 1) {
    await client.query(statements[0].sql, statements[0].params);
    return;
  }
  await client.query('BEGIN');
  try {
    for (const { sql, params } of statements) await client.query(sql, params);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function statementsFor(writes: readonly ExecutionWrite[]): Array<{ sql: string; params: unknown[] }> {
  const starts = writes.filter((w): w is Start => w.kind === 'start');
  const steps = [...new Map(writes.filter((w): w is Step => w.kind === 'step').map((w) => [`${w.executionId}:${w.seq}`, w])).values()];
  const finishes = [...new Map(writes.filter((w): w is Finish => w.kind === 'finish').map((w) => [w.id, w])).values()];
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  if (starts.length) {
    statements.push({
      sql: INSERT_STARTS,
      params: [
        starts.map((s) => s.id), starts.map((s) => s.workflowId), starts.map((s) => s.workflowName), starts.map((s) => s.workflowVersion ?? null),
        starts.map((s) => s.triggerType), starts.map((s) => s.triggerAt), starts.map((s) => s.status), starts.map((s) => s.startedAt), starts.map((s) => s.input),
        starts.map((s) => s.ownerId ?? null), starts.map((s) => s.ownerHost ?? null), starts.map((s) => s.ownerPid ?? null), starts.map((s) => s.leaseUntil ?? null),
      ],
    });
  }
  if (steps.length) statements.push({ sql: UPSERT_STEPS, params: [steps.map((s) => s.executionId), steps.map((s) => s.seq), steps.map((s) => s.record)] });
  if (finishes.length) {
    statements.push({
      sql: UPDATE_FINISHES,
      params: [finishes.map((f) => f.id), finishes.map((f) => f.status), finishes.map((f) => f.finishedAt), finishes.map((f) => f.durationMs), finishes.map((f) => f.error)],
    });
  }
  return statements;
}
