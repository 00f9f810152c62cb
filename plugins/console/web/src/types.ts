/** What the REST API answers (contract §6 and §9), as the console reads it. */

export type ExecutionStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'timed_out';

export interface RecordedError { type: string; message: string; retryable: boolean; details?: Record<string, unknown> }

export interface Trigger { type: 'manual' | 'webhook' | 'scheduled'; at: string }

export interface ExecutionSummary {
  id: string;
  workflow: { id: string; name: string };
  workflowVersion?: number;
  status: ExecutionStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  trigger?: Trigger;
}

export interface StepRecord {
  name: string;
  type: string;
  stepId?: string;
  status: 'running' | 'completed' | 'failed' | 'skipped';
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  output: unknown;
  error: RecordedError | null;
  foreachIndex?: number;
  params?: unknown;
  [more: string]: unknown;
}

export interface ExecutionRecord extends ExecutionSummary {
  error: RecordedError | null;
  steps: StepRecord[];
}

export interface ExecutionPage { items: ExecutionSummary[]; nextCursor?: string }

export interface WorkflowTrigger { type: string; with?: Record<string, unknown>; [more: string]: unknown }

export interface StoredWorkflow {
  id: string;
  name: string;
  version: number;
  enabled: boolean;
  triggers: WorkflowTrigger[];
  createdAt: string;
  updatedAt: string;
  yaml?: string;
}

export interface Connector {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  isPreconfigured: boolean;
  /** At most `concurrency` actions in flight and `rate` starts (e.g. 10/s); absent when none. */
  limits?: { concurrency?: number; rate?: string };
  createdAt?: string;
  updatedAt?: string;
  warnings?: string[];
  missingSecrets?: string[];
}

export interface ConnectorTypeInfo {
  id: string;
  name: string;
  description?: string;
  plugin: string;
  defaultAction: string;
  actions: Array<{ id: string; connector: string; description?: string }>;
  hasTest: boolean;
}

export type JsonSchema = Record<string, any>;

export interface ConnectorTypeSchemas extends Omit<ConnectorTypeInfo, 'actions'> {
  config: JsonSchema;
  secrets: JsonSchema;
  actions: Array<{ id: string; connector: string; description?: string; params: JsonSchema }>;
  definitions: Record<string, JsonSchema>;
}

export interface ActionResult { status: 'ok' | 'error'; data?: unknown; message?: string; serviceMessage?: string; retry?: boolean | string }
