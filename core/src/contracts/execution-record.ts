/** The error shape in records (contract §6). */
export interface RecordedError {
  type: string;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

/** Execution statuses (contract §6); `running` only while (or if a crash left it) running. */
export type ExecutionStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'timed_out';
/** Step statuses (contract §6); `running` only while running. */
export type StepStatus = 'running' | 'completed' | 'failed' | 'skipped';

/** One step result in an execution record. */
export interface StepRecord {
  name: string;
  type: string;
  /**
   * The step's address in the workflow plus its foreach indices (`steps[2]#1.steps[0]`), stable
   * across a restart. Absent in records written before step ids existed.
   */
  stepId?: string;
  status: StepStatus;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  output: unknown;
  error: RecordedError | null;
  /** Index in a step-level or block `foreach`, when the step ran in one. */
  foreachIndex?: number;
  /** The process that ran the step (contract §12: with workers, which one); absent in dry runs. */
  worker?: { host: string; pid: number };
}

/** What started an execution (contract §9): `at` is when, for a schedule the slot it fired for. */
export interface ExecutionTrigger {
  type: 'manual' | 'webhook' | 'scheduled';
  at: string;
}

/** The execution record (contract §6). */
export interface ExecutionRecord {
  id: string;
  workflow: { id: string; name: string };
  /** The stored workflow's version that ran (absent for unsaved YAML). */
  workflowVersion?: number;
  /** What started it (absent in records written before triggers were kept: they were manual). */
  trigger?: ExecutionTrigger;
  status: ExecutionStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: RecordedError | null;
  /** When it was last resumed after its process died (contract §12); absent when never. */
  resumedAt?: string;
  /** How many times it was resumed; absent when never. */
  resumes?: number;
  steps: StepRecord[];
}

/** What an execution started from, kept so an execution can be inspected or resumed. */
export interface ExecutionInput {
  yaml: string;
  event: unknown;
  inputs: Record<string, unknown>;
}

/** A row of `executions list`. */
export type ExecutionSummary = Omit<ExecutionRecord, 'steps'> & { stepCount: number };
