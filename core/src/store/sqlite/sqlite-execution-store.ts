import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionSummary, StepRecord } from '../../contracts/execution-record';
import type { CancelRequest, ExecutionOwner, ExecutionPage, ExecutionPageQuery, ExecutionStore, RunningExecution } from '../../contracts/store';
import type { ExecutionWrite } from './execution-writes';
import type { SqlAccess } from './sql-access';
import { finishWrite, inputQuery, runnableQuery, startWrite, toRunnable, RUNNING_COLUMNS, SUMMARY_COLUMNS, toInput, toRunning, toSummary, type ExecutionRow, type RunningRow } from '../execution-rows';

const INPUT_QUERY = inputQuery('', '?');
const RUNNABLE_QUERY = runnableQuery('', '?', '(SELECT json_group_array(json(s.record)) FROM (SELECT record FROM execution_steps WHERE execution_id = e.id ORDER BY seq) s)');

/** Makes a write's data when the batch is handed over (so a step is serialised in its latest state). */
export type PendingWrite = () => ExecutionWrite;

const STEP_COUNT = '(SELECT COUNT(*) FROM execution_steps s WHERE s.execution_id = e.id) AS step_count';

/**
 * Executions in the SQLite store. Record writes (start, steps, finish) are queued and committed in
 * batches by the store's writer; reads first wait for the writes queued before them.
 */
export class SqliteExecutionStore implements ExecutionStore {
  /** Step records waiting to be written, by execution and seq: only their latest state is. */
  private readonly waitingSteps = new Map<string, StepRecord>();

  constructor(
    private readonly db: SqlAccess,
    private readonly enqueue: (write: PendingWrite) => void,
    private readonly settle: () => Promise<void>,
  ) {}

  async start(record: ExecutionRecord, input: ExecutionInput, lease?: { owner: ExecutionOwner; until: string }): Promise<void> {
    const write = startWrite(record, input, lease);
    this.enqueue(() => write);
  }

  checkpoint(): Promise<void> {
    return this.settle();
  }

  /**
   * Serialised when handed to the writer, not when called: a step that starts and finishes
   * within one group commit is written once, in its final state.
   */
  async saveStep(executionId: string, seq: number, step: StepRecord): Promise<void> {
    const key = `${executionId}:${seq}`;
    const alreadyWaiting = this.waitingSteps.has(key);
    this.waitingSteps.set(key, step);
    if (alreadyWaiting) return;
    this.enqueue(() => {
      const latest = this.waitingSteps.get(key) as StepRecord;
      this.waitingSteps.delete(key);
      return { kind: 'step', executionId, seq, record: JSON.stringify(latest) };
    });
  }

  async finish(executionId: string, result: Pick<ExecutionRecord, 'status' | 'finishedAt' | 'durationMs' | 'error'>): Promise<void> {
    const write = finishWrite(executionId, result);
    this.enqueue(() => write);
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    await this.settle();
    const row = this.db.statement(`SELECT ${SUMMARY_COLUMNS} FROM executions e WHERE e.id = ?`).get(id) as ExecutionRow | undefined;
    if (!row) return undefined;
    const steps = (this.db.statement('SELECT record FROM execution_steps WHERE execution_id = ? ORDER BY seq').all(id) as Array<{ record: string }>)
      .map((s) => JSON.parse(s.record) as StepRecord);
    return { ...toSummary(row), steps };
  }

  async runnable(id: string): Promise<{ running: RunningExecution; record: ExecutionRecord; input: ExecutionInput } | undefined> {
    await this.settle();
    const row = this.db.statement(RUNNABLE_QUERY).get(id) as Parameters<typeof toRunnable>[0] | undefined;
    return row && toRunnable(row);
  }

  async getInput(id: string): Promise<ExecutionInput | undefined> {
    await this.settle();
    const row = this.db.statement(INPUT_QUERY).get(id) as { input: string; version_yaml: string | null } | undefined;
    return row && toInput(row);
  }

  async list(options: { limit?: number; workflow?: string; status?: ExecutionStatus } = {}): Promise<ExecutionSummary[]> {
    await this.settle();
    const where: string[] = [];
    const args: unknown[] = [];
    if (options.workflow) { where.push('(e.workflow_name = ? OR e.workflow_id = ?)'); args.push(options.workflow, options.workflow); }
    if (options.status) { where.push('e.status = ?'); args.push(options.status); }
    args.push(options.limit ?? 20);
    const rows = this.db.statement(
      `SELECT ${SUMMARY_COLUMNS}, ${STEP_COUNT} FROM executions e
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.started_at DESC LIMIT ?`,
    ).all(...args) as ExecutionRow[];
    return rows.map((r) => ({ ...toSummary(r), stepCount: r.step_count ?? 0 }));
  }

  async page(query: ExecutionPageQuery): Promise<ExecutionPage> {
    await this.settle();
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.workflowId !== undefined) { where.push('e.workflow_id = ?'); args.push(query.workflowId); }
    if (query.status !== undefined) { where.push('e.status = ?'); args.push(query.status); }
    if (query.cursor !== undefined) { where.push('e.id < ?'); args.push(query.cursor); }
    // One more than asked: whether it exists says whether there is a next page.
    args.push(query.limit + 1);
    const rows = this.db.statement(
      `SELECT ${SUMMARY_COLUMNS}, ${STEP_COUNT} FROM executions e
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ?`,
    ).all(...args) as ExecutionRow[];
    const items = rows.slice(0, query.limit).map((r) => ({ ...toSummary(r), stepCount: r.step_count ?? 0 }));
    return rows.length > query.limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  /**
   * A control write, not a record write: it is committed at once (records are group-committed),
   * after this process's queued writes.
   */
  async requestCancel(id: string, at: string): Promise<CancelRequest> {
    await this.settle();
    const changed = this.db.statement("UPDATE executions SET cancel_requested_at = ? WHERE id = ? AND status = 'running'").run(at, id).changes;
    if (changed > 0) return 'requested';
    const row = this.db.statement('SELECT status FROM executions WHERE id = ?').get(id);
    return row ? 'not_running' : 'not_found';
  }

  async cancelRequested(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const asked = this.db.statement("SELECT id FROM executions WHERE cancel_requested_at IS NOT NULL AND status = 'running'").pluck().all() as string[];
    const mine = new Set(ids);
    return asked.filter((id) => mine.has(id));
  }

  // Lease and park writes are control writes too: straight to the file, after this process's queued writes.

  async renewLeases(ownerId: string, until: string): Promise<void> {
    await this.settle();
    this.db.statement("UPDATE executions SET lease_until = ? WHERE owner_id = ? AND status = 'running'").run(until, ownerId);
  }

  async running(id?: string): Promise<RunningExecution[]> {
    await this.settle();
    const rows = (id === undefined
      ? this.db.statement(`SELECT ${RUNNING_COLUMNS} FROM executions WHERE status = 'running' ORDER BY id`).all()
      : this.db.statement(`SELECT ${RUNNING_COLUMNS} FROM executions WHERE status = 'running' AND id = ?`).all(id)) as RunningRow[];
    return rows.map(toRunning);
  }

  async claim(seen: RunningExecution, lease: { owner: ExecutionOwner; until: string }, resumedAt?: string): Promise<boolean> {
    await this.settle();
    const { owner, until } = lease;
    const resume = resumedAt === undefined ? '' : ', resumed_at = @resumedAt, resumes = resumes + 1';
    return this.db.statement(`UPDATE executions SET owner_id = @ownerId, owner_host = @host, owner_pid = @pid, lease_until = @until, parked_until = NULL${resume}
      WHERE id = @id AND status = 'running' AND owner_id IS @seenOwner AND parked_until IS @seenPark AND lease_until IS @seenLease`)
      .run({
        ownerId: owner.id, host: owner.host, pid: owner.pid, until, id: seen.id,
        seenOwner: seen.owner?.id ?? null, seenPark: seen.parkedUntil ?? null, seenLease: seen.leaseUntil ?? null,
        ...(resumedAt === undefined ? {} : { resumedAt }),
      }).changes > 0;
  }

  async park(id: string, until: string): Promise<void> {
    await this.settle();
    this.db.statement(`UPDATE executions SET parked_until = ?, owner_id = NULL, owner_host = NULL, owner_pid = NULL, lease_until = NULL
      WHERE id = ? AND status = 'running'`).run(until, id);
  }
}

