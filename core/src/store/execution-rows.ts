import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionTrigger } from '../contracts/execution-record';
import type { ExecutionOwner, RunningExecution } from '../contracts/store';

/**
 * An execution's row as both stores read it (the same columns in SQLite and PostgreSQL; PostgreSQL
 * reads `duration_ms`, a bigint, as text).
 */
export interface ExecutionRow {
  id: string; workflow_id: string; workflow_name: string; workflow_version: number | null; trigger_type: string | null; trigger_at: string | null;
  status: ExecutionStatus; started_at: string; finished_at: string | null; duration_ms: number | string | null; error: string | null; step_count?: number;
  resumed_at: string | null; resumes: number;
}

/** Every summary column of `executions e` but `input` (the YAML, event and inputs: read only to resume or inspect). */
export const SUMMARY_COLUMNS = 'e.id, e.workflow_id, e.workflow_name, e.workflow_version, e.trigger_type, e.trigger_at, e.status, e.started_at, e.finished_at, e.duration_ms, e.error, e.resumed_at, e.resumes';

/** A running execution's holder columns. */
export interface RunningRow {
  id: string; owner_id: string | null; owner_host: string | null; owner_pid: number | null; lease_until: string | null; parked_until: string | null;
  started_at: string;
}

/** The holder columns of `executions`, for {@link toRunning}. */
export const RUNNING_COLUMNS = 'id, owner_id, owner_host, owner_pid, lease_until, parked_until, started_at';

export function toRunning(r: RunningRow): RunningExecution {
  const running: RunningExecution = { id: r.id, startedAt: r.started_at };
  if (r.owner_id !== null) running.owner = { id: r.owner_id, host: r.owner_host ?? '', pid: r.owner_pid ?? 0 };
  if (r.lease_until !== null) running.leaseUntil = r.lease_until;
  if (r.parked_until !== null) running.parkedUntil = r.parked_until;
  return running;
}

export function toSummary(r: ExecutionRow): Omit<ExecutionRecord, 'steps'> {
  // Records written before triggers were kept were all manual runs.
  const trigger: ExecutionTrigger = { type: (r.trigger_type ?? 'manual') as ExecutionTrigger['type'], at: r.trigger_at ?? r.started_at };
  return {
    id: r.id,
    workflow: { id: r.workflow_id, name: r.workflow_name },
    ...(r.workflow_version === null ? {} : { workflowVersion: r.workflow_version }),
    trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    error: r.error ? JSON.parse(r.error) : null,
    ...(r.resumes > 0 && r.resumed_at !== null ? { resumedAt: r.resumed_at, resumes: r.resumes } : {}),
  };
}

/**
 * An execution's input as stored: an execution of a stored workflow version keeps no copy of the
 * YAML (the version holds it, once; versions are never deleted), only its event and inputs.
 */
export function storedInput(record: Pick<ExecutionRecord, 'workflowVersion'>, input: ExecutionInput): string {
  return JSON.stringify(record.workflowVersion === undefined ? input : { event: input.event, inputs: input.inputs });
}

/** The SQL (both stores) that reads an input with its version's YAML: `?` or `$1` is the execution id. */
export function inputQuery(schema: string, param: string): string {
  return `SELECT e.input, v.yaml AS version_yaml FROM ${schema}executions e
    LEFT JOIN ${schema}workflow_versions v ON v.workflow_id = e.workflow_id AND v.version = e.workflow_version WHERE e.id = ${param}`;
}

/** An input read back: its own YAML (unsaved workflows, and rows written before versions were referenced) or its version's. */
export function toInput(row: { input: string; version_yaml: string | null }): ExecutionInput {
  const input = JSON.parse(row.input) as Partial<ExecutionInput>;
  return { yaml: input.yaml ?? row.version_yaml ?? '', event: input.event ?? {}, inputs: input.inputs ?? {} };
}

/**
 * The SQL (both stores) that reads a running execution whole, for a worker: summary and holder
 * columns, input with its version's YAML, and `steps` as a JSON array (`stepsJson` is the
 * store's own aggregate over `execution_steps s`, in seq order).
 */
export function runnableQuery(schema: string, param: string, stepsJson: string): string {
  return `SELECT ${SUMMARY_COLUMNS}, e.owner_id, e.owner_host, e.owner_pid, e.lease_until, e.parked_until, e.input, v.yaml AS version_yaml,
    ${stepsJson} AS steps
    FROM ${schema}executions e LEFT JOIN ${schema}workflow_versions v ON v.workflow_id = e.workflow_id AND v.version = e.workflow_version
    WHERE e.id = ${param} AND e.status = 'running'`;
}

/** A row of {@link runnableQuery}, read back. */
export function toRunnable(row: ExecutionRow & RunningRow & { input: string; version_yaml: string | null; steps: string | null }): { running: RunningExecution; record: ExecutionRecord; input: ExecutionInput } {
  return {
    running: toRunning(row),
    record: { ...toSummary(row), steps: row.steps === null ? [] : (JSON.parse(row.steps) as ExecutionRecord['steps']) },
    input: toInput(row),
  };
}

/** One execution write, as plain data (records are JSON text already): what both stores commit in batches. */
export type ExecutionWrite =
  | {
    kind: 'start'; id: string; workflowId: string; workflowName: string; status: string; startedAt: string; input: string;
    /** The stored workflow's version (absent: unsaved YAML). */
    workflowVersion?: number;
    /** What started it (absent: `manual` at `startedAt`). */
    triggerType?: string;
    triggerAt?: string;
    /** The lease holder and until when (absent: none). */
    ownerId?: string;
    ownerHost?: string;
    ownerPid?: number;
    leaseUntil?: string;
  }
  | { kind: 'step'; executionId: string; seq: number; record: string }
  | { kind: 'finish'; id: string; status: string; finishedAt: string | null; durationMs: number | null; error: string | null };

/** The write that records a new execution (see `ExecutionStore.start`). */
export function startWrite(record: ExecutionRecord, input: ExecutionInput, lease?: { owner: ExecutionOwner; until: string }): ExecutionWrite {
  const trigger = record.trigger ?? { type: 'manual', at: record.startedAt };
  return {
    kind: 'start', id: record.id, workflowId: record.workflow.id, workflowName: record.workflow.name, status: record.status,
    startedAt: record.startedAt, input: storedInput(record, input), workflowVersion: record.workflowVersion, triggerType: trigger.type, triggerAt: trigger.at,
    ...(lease ? { ownerId: lease.owner.id, ownerHost: lease.owner.host, ownerPid: lease.owner.pid, leaseUntil: lease.until } : {}),
  };
}

/** The write that records an execution's end. */
export function finishWrite(id: string, result: Pick<ExecutionRecord, 'status' | 'finishedAt' | 'durationMs' | 'error'>): ExecutionWrite {
  return { kind: 'finish', id, status: result.status, finishedAt: result.finishedAt, durationMs: result.durationMs, error: result.error ? JSON.stringify(result.error) : null };
}
