import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionSummary, StepRecord } from '../../contracts/execution-record';
import type { CancelRequest, ExecutionOwner, ExecutionPage, ExecutionPageQuery, ExecutionStore, RunningExecution } from '../../contracts/store';
import type { PendingWrite } from './execution-writer';
import type { PgAccess } from './pg-access';
import { finishWrite, inputQuery, runnableQuery, startWrite, toRunnable, RUNNING_COLUMNS, SUMMARY_COLUMNS, toInput, toRunning, toSummary, type ExecutionRow, type RunningRow } from '../execution-rows';

const INPUT_QUERY = inputQuery('relayflow.', '$1');
const RUNNABLE_QUERY = runnableQuery('relayflow.', '$1', '(SELECT json_agg(s.record::json ORDER BY s.seq) FROM relayflow.execution_steps s WHERE s.execution_id = e.id)::text');

/** A step record waiting for the group commit, and the commit its caller waits for. */
interface WaitingStep {
  step: StepRecord;
  committed: Promise<void>;
}

const STEP_COUNT = '(SELECT COUNT(*)::int FROM relayflow.execution_steps s WHERE s.execution_id = e.id) AS step_count';

/**
 * Executions in the PostgreSQL store. Record writes (start, steps, finish) go to the store's
 * writer (group commit); each resolves once committed, so a caller that awaits a step's write
 * knows it is in the database. Reads first wait for the writes handed over before them.
 */
export class PostgresExecutionStore implements ExecutionStore {
  /** Step records waiting for the next commit, by execution and seq: only their latest state is written. */
  private readonly waitingSteps = new Map<string, WaitingStep>();

  constructor(
    private readonly db: PgAccess,
    private readonly write: (write: PendingWrite) => Promise<void>,
    private readonly settle: () => Promise<void>,
  ) {}

  async start(record: ExecutionRecord, input: ExecutionInput, lease?: { owner: ExecutionOwner; until: string }): Promise<void> {
    const write = startWrite(record, input, lease);
    await this.write(() => write);
  }

  /** Writes resolve once committed: a checkpoint waits for those handed over so far. */
  checkpoint(): Promise<void> {
    return this.settle();
  }

  /**
   * Serialised when its commit begins, not when called: a step that starts and finishes before
   * then is written once, in its final state, and both callers wait for that commit.
   */
  saveStep(executionId: string, seq: number, step: StepRecord): Promise<void> {
    const key = `${executionId}:${seq}`;
    const waiting = this.waitingSteps.get(key);
    if (waiting) {
      waiting.step = step;
      return waiting.committed;
    }
    const entry = { step } as WaitingStep;
    this.waitingSteps.set(key, entry);
    entry.committed = this.write(() => {
      this.waitingSteps.delete(key);
      return { kind: 'step', executionId, seq, record: JSON.stringify(entry.step) };
    });
    // Refused before its commit began (the store is closing): the next save starts afresh.
    entry.committed.catch(() => this.waitingSteps.get(key) === entry && this.waitingSteps.delete(key));
    return entry.committed;
  }

  async finish(executionId: string, result: Pick<ExecutionRecord, 'status' | 'finishedAt' | 'durationMs' | 'error'>): Promise<void> {
    const write = finishWrite(executionId, result);
    await this.write(() => write);
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    await this.settle();
    const { rows } = await this.db.query<ExecutionRow>(`SELECT ${SUMMARY_COLUMNS} FROM relayflow.executions e WHERE e.id = $1`, [id]);
    if (!rows[0]) return undefined;
    const steps = (await this.db.query<{ record: string }>('SELECT record FROM relayflow.execution_steps WHERE execution_id = $1 ORDER BY seq', [id])).rows
      .map((s) => JSON.parse(s.record) as StepRecord);
    return { ...toSummary(rows[0]), steps };
  }

  async runnable(id: string): Promise<{ running: RunningExecution; record: ExecutionRecord; input: ExecutionInput } | undefined> {
    await this.settle();
    const { rows } = await this.db.query<Parameters<typeof toRunnable>[0]>(RUNNABLE_QUERY, [id]);
    return rows[0] && toRunnable(rows[0]);
  }

  async getInput(id: string): Promise<ExecutionInput | undefined> {
    await this.settle();
    const { rows } = await this.db.query<{ input: string; version_yaml: string | null }>(INPUT_QUERY, [id]);
    return rows[0] && toInput(rows[0]);
  }

  async list(options: { limit?: number; workflow?: string; status?: ExecutionStatus } = {}): Promise<ExecutionSummary[]> {
    await this.settle();
    const where: string[] = [];
    const args: unknown[] = [];
    if (options.workflow) { args.push(options.workflow); where.push(`(e.workflow_name = $${args.length} OR e.workflow_id = $${args.length})`); }
    if (options.status) { args.push(options.status); where.push(`e.status = $${args.length}`); }
    args.push(options.limit ?? 20);
    const { rows } = await this.db.query<ExecutionRow>(
      `SELECT ${SUMMARY_COLUMNS}, ${STEP_COUNT} FROM relayflow.executions e
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.started_at DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map((r) => ({ ...toSummary(r), stepCount: r.step_count ?? 0 }));
  }

  async page(query: ExecutionPageQuery): Promise<ExecutionPage> {
    await this.settle();
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.workflowId !== undefined) { args.push(query.workflowId); where.push(`e.workflow_id = $${args.length}`); }
    if (query.status !== undefined) { args.push(query.status); where.push(`e.status = $${args.length}`); }
    if (query.cursor !== undefined) { args.push(query.cursor); where.push(`e.id < $${args.length}`); }
    // One more than asked: whether it exists says whether there is a next page.
    args.push(query.limit + 1);
    const { rows } = await this.db.query<ExecutionRow>(
      `SELECT ${SUMMARY_COLUMNS}, ${STEP_COUNT} FROM relayflow.executions e
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT $${args.length}`,
      args,
    );
    const items = rows.slice(0, query.limit).map((r) => ({ ...toSummary(r), stepCount: r.step_count ?? 0 }));
    return rows.length > query.limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  /** A control write, not a record write: it goes straight to the database, after this process's waiting writes. */
  async requestCancel(id: string, at: string): Promise<CancelRequest> {
    await this.settle();
    const changed = (await this.db.query("UPDATE relayflow.executions SET cancel_requested_at = $2 WHERE id = $1 AND status = 'running'", [id, at])).rowCount;
    if (changed > 0) return 'requested';
    const { rows } = await this.db.query('SELECT status FROM relayflow.executions WHERE id = $1', [id]);
    return rows.length ? 'not_running' : 'not_found';
  }

  async cancelRequested(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<{ id: string }>(
      "SELECT id FROM relayflow.executions WHERE cancel_requested_at IS NOT NULL AND status = 'running' AND id = ANY($1::text[])", [ids],
    );
    const asked = new Set(rows.map((r) => r.id));
    return ids.filter((id) => asked.has(id));
  }

  // Lease and park writes are control writes too: straight to the database, after this process's waiting writes.

  async renewLeases(ownerId: string, until: string): Promise<void> {
    await this.settle();
    await this.db.query("UPDATE relayflow.executions SET lease_until = $2 WHERE owner_id = $1 AND status = 'running'", [ownerId, until]);
  }

  async running(id?: string): Promise<RunningExecution[]> {
    await this.settle();
    const { rows } = id === undefined
      ? await this.db.query<RunningRow>(`SELECT ${RUNNING_COLUMNS} FROM relayflow.executions WHERE status = 'running' ORDER BY id`)
      : await this.db.query<RunningRow>(`SELECT ${RUNNING_COLUMNS} FROM relayflow.executions WHERE status = 'running' AND id = $1`, [id]);
    return rows.map(toRunning);
  }

  async claim(seen: RunningExecution, lease: { owner: ExecutionOwner; until: string }, resumedAt?: string): Promise<boolean> {
    await this.settle();
    const { owner, until } = lease;
    const resume = resumedAt === undefined ? '' : ', resumed_at = $9, resumes = resumes + 1';
    const { rowCount } = await this.db.query(`UPDATE relayflow.executions SET owner_id = $2, owner_host = $3, owner_pid = $4, lease_until = $5,
      parked_until = NULL${resume}
      WHERE id = $1 AND status = 'running' AND owner_id IS NOT DISTINCT FROM $6 AND parked_until IS NOT DISTINCT FROM $7 AND lease_until IS NOT DISTINCT FROM $8`,
    [seen.id, owner.id, owner.host, owner.pid, until, seen.owner?.id ?? null, seen.parkedUntil ?? null, seen.leaseUntil ?? null, ...(resumedAt === undefined ? [] : [resumedAt])]);
    return rowCount > 0;
  }

  async park(id: string, until: string): Promise<void> {
    await this.settle();
    await this.db.query(`UPDATE relayflow.executions SET parked_until = $2, owner_id = NULL, owner_host = NULL, owner_pid = NULL, lease_until = NULL
      WHERE id = $1 AND status = 'running'`, [id, until]);
  }
}

