import { v7 as timeOrderedUuid } from 'uuid';
import type { CompiledStep, CompiledWorkflow, ItemsSource, TemplateContext } from '../../contracts/compiled-workflow';
import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionTrigger, RecordedError, StepRecord } from '../../contracts/execution-record';
import type { Logger } from '../../contracts/logger';
import type { StepKind, StepKindRegistry } from '../../contracts/step-kind';
import type { ExecutionOwner, ExecutionStore } from '../../contracts/store';
import type { ExecutionObserver } from '../../contracts/workflow-service';
import { formatDuration, timerMs } from '../../validation/units';
import { abortReason, ScopeAborted, sleep, timeoutSignal } from './abort-scope';
import { retryDelay } from './retry-delay';
import { resolveItems } from './foreach-items';
import { keyNamespace } from './idempotency-key';
import { ExecutionParked, PARK_AFTER_MS } from './execution-parked';
import { errorCodeOfRecord, recordedErrorFor } from '../../errors/recorded-error';
import { recordedError, StepError } from './step-error';
import { checkGuard, StepAttempt, withForeach, type AttemptHost, type Scope } from './step-attempt';

/** What a running execution uses. `store` is absent for dry runs (nothing is recorded). */
export interface ExecutionDependencies {
  kinds: StepKindRegistry;
  store?: ExecutionStore;
  logger: Logger;
  /** This process, as the lease holder of the executions it starts (absent: none is held). */
  owner?: ExecutionOwner;
}

/** How long a lease holds unless renewed (contract §12: a process elsewhere is known gone after 15 s). */
export const LEASE_MS = 15_000;

/** Settings of one execution. */
export interface ExecutionSettings {
  event: unknown;
  inputs: Record<string, unknown>;
  signal?: AbortSignal;
  dryRun: boolean;
  observer?: ExecutionObserver;
  /** What started it; `manual` now when absent. */
  trigger?: ExecutionTrigger;
  /** Long waits and retry delays park the execution (a durable timer) instead of holding the process. */
  parkLongWaits?: boolean;
  /**
   * Continues an execution already stored and claimed: its record as stored, and when the resume
   * began (a crash interrupted it, or it parked) — without `at`, the first run of an execution a
   * worker took from the queue. Steps recorded as completed are restored, not run again.
   */
  resume?: { record: ExecutionRecord; at?: string };
}

/** What later steps read as `steps.NAME`. */
interface StepState {
  output: unknown;
  error: RecordedError | null;
  status: StepRecord['status'];
}

/** A step failed and nothing handled it: the enclosing block (or the execution) fails. */
class StepFailed extends Error {
  constructor(readonly error: RecordedError, readonly step: string) {
    super(error.message);
  }
}

/**
 * The record of a new execution of `workflow`, `running`, no step yet: what a run starts with,
 * and what a server stores for a worker to run (with no holder).
 */
export function newExecutionRecord(workflow: CompiledWorkflow, trigger?: ExecutionTrigger, startedAt = new Date().toISOString()): ExecutionRecord {
  return {
    // Time-ordered (UUIDv7): new executions append to the store's indexes instead of
    // landing at random pages, which keeps step writes cheap as the store grows.
    id: timeOrderedUuid(),
    workflow: { id: workflow.id, name: workflow.name },
    ...(workflow.version === undefined ? {} : { workflowVersion: workflow.version }),
    trigger: trigger ?? { type: 'manual', at: startedAt },
    status: 'running',
    startedAt,
    finishedAt: null,
    durationMs: null,
    error: null,
    steps: [],
  };
}

const CANCELLED: RecordedError = Object.freeze(recordedErrorFor('CANCELLED', 'the execution was cancelled'));

/**
 * One execution of a compiled workflow: steps in order, retry → fallback → continue, timeouts
 * and cancellation through AbortSignals, and every step result written as it happens. What a
 * step does is its step kind's: the engine knows no kind by name.
 */
export class ExecutionRun implements AttemptHost {
  readonly record: ExecutionRecord;
  private readonly controller = new AbortController();
  private readonly states: Record<string, StepState> = {};
  private readonly variables: Record<string, unknown> = {};
  private readonly context: TemplateContext;
  /** The execution's logger (every line carries its id). */
  readonly logger: Logger;
  readonly keyNamespace: Buffer;
  private seq = 0;
  /** The steps recorded before a resume, by seq: replayed while they match the steps reached. */
  private readonly journal: readonly StepRecord[];
  private readonly onStoreError = (err: unknown): void => this.logger.error('could not record a step result', { error: (err as Error)?.message });

  constructor(
    private readonly workflow: CompiledWorkflow,
    private readonly deps: ExecutionDependencies,
    private readonly settings: ExecutionSettings,
  ) {
    const resumed = settings.resume;
    const startedAt = resumed?.record.startedAt ?? new Date().toISOString();
    this.journal = resumed?.record.steps ?? [];
    this.record = resumed ? {
      ...resumed.record, status: 'running', finishedAt: null, durationMs: null, error: null, steps: [],
      ...(resumed.at === undefined ? {} : { resumedAt: resumed.at, resumes: (resumed.record.resumes ?? 0) + 1 }),
    } : newExecutionRecord(workflow, settings.trigger, startedAt);
    this.logger = deps.logger.child({ executionId: this.record.id });
    this.keyNamespace = keyNamespace(this.record.id);
    this.context = {
      event: settings.event ?? {},
      inputs: settings.inputs,
      consts: workflow.consts,
      variables: this.variables,
      workflow: { id: workflow.id, name: workflow.name },
      execution: { id: this.record.id, startedAt },
      steps: this.states,
    };
  }

  /** Cancels the execution: the running step's signal fires and the record ends `cancelled`. */
  cancel(): void {
    this.controller.abort(CANCELLED);
  }

  /** Runs the workflow to the end. Never throws for a failed execution: the record says so. */
  async execute(): Promise<ExecutionRecord> {
    const started = Date.parse(this.record.startedAt);
    const { store, owner } = this.deps;
    if (store && !this.settings.resume) {
      const lease = owner && { owner, until: new Date(Date.now() + LEASE_MS).toISOString() };
      await store.start(this.record, this.input(), lease);
    }
    this.logger.info(this.settings.resume?.at ? 'execution resumed' : 'execution started', { workflow: this.workflow.name, dryRun: this.settings.dryRun || undefined });
    this.settings.observer?.executionStarted?.(this.record);
    const external = this.settings.signal;
    const cancel = (): void => this.controller.abort(CANCELLED);
    if (external?.aborted) cancel();
    else external?.addEventListener('abort', cancel, { once: true });
    const timeoutMs = this.workflow.timeoutMs;
    // Counted from the execution's start: a resumed one has only what is left.
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.controller.abort(
      recordedErrorFor('WORKFLOW_TIMEOUT', `the execution timed out after ${formatDuration(timeoutMs)} (settings.timeout)`),
    ), timerMs(Math.max(0, timeoutMs - (Date.now() - started))));
    let status: ExecutionStatus = 'completed';
    let error: RecordedError | null = null;
    try {
      await this.runScope(this.workflow.steps, { ctx: this.context, signal: this.controller.signal, prefix: '' });
    } catch (err) {
      if (err instanceof ExecutionParked) {
        if (timer) clearTimeout(timer);
        external?.removeEventListener('abort', cancel);
        return this.park(err.until);
      }
      if (err instanceof ScopeAborted) {
        const code = errorCodeOfRecord(err.reason);
        status = code === 'WORKFLOW_TIMEOUT' ? 'timed_out' : code === 'CANCELLED' ? 'cancelled' : 'failed';
        error = err.reason;
      } else if (err instanceof StepFailed) {
        status = 'failed';
        error = { ...err.error, message: `step "${err.step}" failed: ${err.error.message}` };
      } else {
        status = 'failed';
        error = recordedError(err);
      }
    } finally {
      if (timer) clearTimeout(timer);
      external?.removeEventListener('abort', cancel);
    }
    const finishedAt = new Date().toISOString();
    Object.assign(this.record, { status, finishedAt, durationMs: Date.now() - started, error });
    if (store) await store.finish(this.record.id, { status, finishedAt, durationMs: this.record.durationMs, error });
    this.logger.info('execution finished', { workflow: this.workflow.name, status, durationMs: this.record.durationMs, error: error?.type });
    this.settings.observer?.executionFinished?.(this.record);
    return this.record;
  }

  private input(): ExecutionInput {
    return { yaml: this.workflow.yaml, event: this.context.event, inputs: this.settings.inputs };
  }

  /** Parks on a durable timer: the record stays `running`, no process holds it until `until`. */
  private async park(until: Date): Promise<ExecutionRecord> {
    await this.deps.store?.park(this.record.id, until.toISOString());
    this.logger.info('execution parked', { workflow: this.workflow.name, until: until.toISOString() });
    this.settings.observer?.executionParked?.(this.record, until.toISOString());
    return this.record;
  }

  private kindOf(step: CompiledStep): StepKind {
    const kind = this.deps.kinds.get(step.kind);
    if (!kind) {
      throw StepError.of('INTERNAL', `no step kind "${step.kind}" runs step type "${step.type}" (was its plugin unloaded after the workflow was compiled?)`);
    }
    return kind;
  }

  get executionId(): string {
    return this.record.id;
  }

  get dryRun(): boolean {
    return this.settings.dryRun;
  }

  get parksLongWaits(): boolean {
    return this.settings.parkLongWaits === true && this.deps.store !== undefined;
  }

  get observer(): ExecutionObserver | undefined {
    return this.settings.observer;
  }

  setVariables(values: Record<string, unknown>): void {
    Object.assign(this.variables, values);
  }

  /** Runs a list of steps in a scope. */
  async runScope(list: readonly CompiledStep[], scope: Scope): Promise<void> {
    for (const step of list) {
      if (scope.signal.aborted) throw new ScopeAborted(abortReason(scope.signal));
      const kind = this.kindOf(step);
      const stepId = scope.prefix ? `${scope.prefix}.${step.segment}` : step.segment;
      if (step.items && !kind.loops) await this.runLoop(step, step.items, kind, scope, stepId);
      else await this.runOnce(step, kind, scope, scope.foreachIndex, stepId);
    }
  }

  /** A step-level `foreach`: the step once per item, one record each. */
  private async runLoop(step: CompiledStep, source: ItemsSource, kind: StepKind, scope: Scope, stepId: string): Promise<void> {
    let items: unknown[];
    try {
      items = resolveItems(source, scope.ctx);
    } catch (err) {
      const rec = this.newRecord(step, scope.foreachIndex, stepId);
      rec.attempts = 1; // resolving the items was the attempt
      const seq = this.addRecord(rec);
      this.started(step, rec);
      return this.failed(step, scope, rec, seq, stepId, recordedError(err));
    }
    if (items.length === 0) {
      const rec = this.newRecord(step, scope.foreachIndex, stepId);
      this.finish(step, rec, this.addRecord(rec), 'skipped', null, null);
      return;
    }
    for (let index = 0; index < items.length; index++) {
      if (scope.signal.aborted) throw new ScopeAborted(abortReason(scope.signal));
      const iteration: Scope = { ctx: withForeach(scope.ctx, items, index), signal: scope.signal, prefix: scope.prefix, foreachIndex: index };
      await this.runOnce(step, kind, iteration, index, `${stepId}#${index}`);
    }
  }

  private async runOnce(step: CompiledStep, kind: StepKind, scope: Scope, foreachIndex: number | undefined, stepId: string): Promise<void> {
    const prior = kind.pure ? undefined : this.recorded(stepId);
    if (prior && prior.status !== 'running') return this.restore(step, scope, prior, stepId);
    // In flight when the process died: it runs again (same step id, so the same idempotency key), its attempts go on.
    const rec = prior ? { ...prior, error: null } : this.newRecord(step, foreachIndex, stepId);
    const seq = this.addRecord(rec);
    if (step.guard) {
      let pass: boolean;
      try {
        pass = checkGuard(step.guard, scope.ctx);
      } catch (err) {
        return this.failed(step, scope, rec, seq, stepId, recordedErrorFor('CONDITION_FAILED', recordedError(err).message));
      }
      if (!pass) {
        this.finish(step, rec, seq, 'skipped', null, null);
        return;
      }
    }
    this.started(step, rec);
    if (kind.recordStart) this.save(seq, rec);
    const retry = step.failure.retry;
    for (;;) {
      rec.attempts++;
      let error: RecordedError;
      let retryAt: Date | undefined;
      let origin: string | undefined;
      try {
        const output = await this.attempt(step, kind, scope, rec, stepId);
        this.finish(step, rec, seq, 'completed', output === undefined ? null : output, null);
        await this.checkpoint(kind);
        return;
      } catch (err) {
        if (err instanceof ExecutionParked) throw err;
        if (err instanceof ScopeAborted && scope.signal.aborted) {
          this.finish(step, rec, seq, 'failed', null, err.reason);
          throw err;
        }
        if (err instanceof StepFailed) {
          error = err.error;
          origin = err.step;
        } else {
          error = err instanceof ScopeAborted ? err.reason : recordedError(err);
          retryAt = err instanceof StepError ? err.retryAt : undefined;
        }
      }
      if (retry && error.retryable && rec.attempts < retry.maxAttempts) {
        const wait = retryDelay(retry, rec.attempts, retryAt);
        rec.error = error;
        this.save(seq, rec);
        // The attempts so far survive a crash: a resumed step goes on with the next one.
        await this.checkpoint(kind);
        this.logger.debug('step retrying', { stepId, step: step.name, attempt: rec.attempts, delayMs: wait, error: error.type });
        this.settings.observer?.stepRetrying?.(rec, step.depth, wait, this.record.id);
        if (this.parksLongWaits && wait > PARK_AFTER_MS) throw new ExecutionParked(new Date(Date.now() + wait));
        try {
          await sleep(wait, scope.signal);
        } catch (err) {
          const reason = err instanceof ScopeAborted ? err.reason : recordedError(err);
          this.finish(step, rec, seq, 'failed', null, reason);
          throw err;
        }
        rec.error = null;
        continue;
      }
      return this.failed(step, scope, rec, seq, stepId, error, origin);
    }
  }

  /** Records a failure, then runs the fallback (its steps' ids under the failed step's), then continues or fails the enclosing scope. */
  private async failed(step: CompiledStep, scope: Scope, rec: StepRecord, seq: number, stepId: string, error: RecordedError, origin?: string): Promise<void> {
    this.finish(step, rec, seq, 'failed', null, error);
    await this.checkpoint(this.kindOf(step));
    return this.afterFailure(step, scope, stepId, error, origin);
  }

  private async afterFailure(step: CompiledStep, scope: Scope, stepId: string, error: RecordedError, origin?: string): Promise<void> {
    if (step.failure.fallback) await this.runScope(step.failure.fallback, { ...scope, prefix: stepId });
    if (step.failure.continue) return;
    throw new StepFailed(error, origin ?? step.name);
  }

  /** The record a step had before a resume: the journal's at the next seq, when it is this step's. */
  private recorded(stepId: string): StepRecord | undefined {
    const prior = this.journal[this.seq];
    return prior?.stepId === stepId ? prior : undefined;
  }

  /** A step that ended before the crash: its record and result come back; it does not run again. */
  private async restore(step: CompiledStep, scope: Scope, prior: StepRecord, stepId: string): Promise<void> {
    this.addRecord(prior);
    this.states[step.name] = { output: prior.output, error: prior.error, status: prior.status };
    this.logger.debug('step restored', { stepId, step: step.name, status: prior.status });
    if (prior.status === 'failed' && prior.error) return this.afterFailure(step, scope, stepId, prior.error);
  }

  /** Commits what is recorded so far after a step that reached outside the execution. */
  private async checkpoint(kind: StepKind): Promise<void> {
    if (kind.pure || !this.deps.store) return;
    try {
      await this.deps.store.checkpoint();
    } catch (err) {
      this.onStoreError(err);
    }
  }

  /** One attempt: the step's kind runs it with this attempt's identity, signal and context. */
  private async attempt(step: CompiledStep, kind: StepKind, scope: Scope, rec: StepRecord, stepId: string): Promise<unknown> {
    const timed = step.timeoutMs === undefined ? undefined : timeoutSignal(scope.signal, step.timeoutMs,
      recordedErrorFor('STEP_TIMEOUT', `step "${step.name}" timed out after ${formatDuration(step.timeoutMs)}`));
    const signal = timed ? timed.signal : scope.signal;
    const attempt = new StepAttempt(this, scope, signal, rec, stepId);
    try {
      return await kind.run(step, attempt);
    } finally {
      attempt.release();
      timed?.dispose();
    }
  }

  private newRecord(step: CompiledStep, foreachIndex: number | undefined, stepId: string): StepRecord {
    const rec: StepRecord = {
      name: step.name, type: step.type, stepId, status: 'running', attempts: 0, startedAt: new Date().toISOString(),
      finishedAt: null, output: null, error: null,
    };
    if (foreachIndex !== undefined) rec.foreachIndex = foreachIndex;
    const owner = this.deps.store && this.deps.owner;
    if (owner) rec.worker = { host: owner.host, pid: owner.pid };
    return rec;
  }

  private addRecord(rec: StepRecord): number {
    this.record.steps.push(rec);
    return this.seq++;
  }

  private started(step: CompiledStep, rec: StepRecord): void {
    this.logger.debug('step started', { stepId: rec.stepId, step: step.name, type: step.type });
    this.settings.observer?.stepStarted?.(rec, step.depth, this.record.id);
  }

  private finish(step: CompiledStep, rec: StepRecord, seq: number, status: StepRecord['status'], output: unknown, error: RecordedError | null): void {
    rec.status = status;
    rec.finishedAt = new Date().toISOString();
    rec.output = output;
    rec.error = error;
    this.save(seq, rec);
    this.states[step.name] = { output, error, status };
    this.logger.debug('step finished', { stepId: rec.stepId, step: step.name, status, attempts: rec.attempts, error: error?.type });
    this.settings.observer?.stepFinished?.(rec, step.depth, this.record.id);
  }

  private save(seq: number, rec: StepRecord): void {
    this.deps.store?.saveStep(this.record.id, seq, rec).catch(this.onStoreError);
  }
}
