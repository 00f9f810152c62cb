import { v7 as timeOrderedUuid } from 'uuid';
import type { Logger } from '../../contracts/logger';
import { isTemplate, renderTemplate, type TemplateContext } from '../../templating/template-renderer';
import type { ActionExecutor } from '../../contracts/action-executor';
import type { ExecutionObserver } from '../../contracts/workflow-service';
import type { ExecutionRecord, ExecutionStatus, RecordedError, StepRecord } from '../../contracts/execution-record';
import type { ExecutionStore } from '../../contracts/store';
import { validateClass } from '../../validation/class-validation';
import { formatDuration, parseDuration, timerMs } from '../../validation/units';
import { evaluateCondition } from '../conditions/condition';
import type { CompiledStep, CompiledWorkflow, Guard } from '../../contracts/compiled-workflow';
import { abortReason, raceAbort, ScopeAborted, sleep, timeoutSignal } from './abort-scope';
import { retryDelay } from './retry-delay';
import { recordedError, StepError } from './step-error';

/** What a running execution uses. `store` is absent for dry runs (nothing is recorded). */
export interface ExecutionDependencies {
  executor: ActionExecutor;
  store?: ExecutionStore;
  logger: Logger;
}

/** Settings of one execution. */
export interface ExecutionSettings {
  event: unknown;
  inputs: Record<string, unknown>;
  signal?: AbortSignal;
  dryRun: boolean;
  observer?: ExecutionObserver;
}

/** Where steps run: the template context (with `foreach` inside loops) and the abort signal. */
interface Scope {
  ctx: TemplateContext;
  signal: AbortSignal;
  /** The index of the innermost enclosing `foreach` block iteration. */
  foreachIndex?: number;
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

const CANCELLED: RecordedError = Object.freeze({ type: 'Cancelled', message: 'the execution was cancelled', retryable: false });
/** Steps that may take a while: their `running` record is written when they start. */
const SLOW = new Set(['connector', 'wait', 'if', 'foreach']);

type Plain = Record<string, unknown>;

/**
 * One execution of a compiled workflow: steps in order, retry → fallback → continue, timeouts
 * and cancellation through AbortSignals, and every step result written as it happens.
 */
export class ExecutionRun {
  readonly record: ExecutionRecord;
  private readonly controller = new AbortController();
  private readonly states: Record<string, StepState> = {};
  private readonly variables: Record<string, unknown> = {};
  private readonly context: TemplateContext;
  private seq = 0;
  private readonly onStoreError = (err: unknown): void => this.deps.logger.error('could not record a step result', { error: (err as Error)?.message });

  constructor(
    private readonly workflow: CompiledWorkflow,
    private readonly deps: ExecutionDependencies,
    private readonly settings: ExecutionSettings,
  ) {
    const startedAt = new Date().toISOString();
    this.record = {
      // Time-ordered (UUIDv7): new executions append to the store's indexes instead of
      // landing at random pages, which keeps step writes cheap as the store grows.
      id: timeOrderedUuid(),
      workflow: { id: workflow.id, name: workflow.name },
      status: 'running',
      startedAt,
      finishedAt: null,
      durationMs: null,
      error: null,
      steps: [],
    };
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

  /** Runs the workflow to the end. Never throws for a failed execution: the record says so. */
  async execute(): Promise<ExecutionRecord> {
    const started = Date.now();
    const { store } = this.deps;
    if (store) {
      await store.start(this.record, { yaml: this.workflow.yaml, event: this.context.event, inputs: this.settings.inputs });
    }
    const external = this.settings.signal;
    const cancel = (): void => this.controller.abort(CANCELLED);
    if (external?.aborted) cancel();
    else external?.addEventListener('abort', cancel, { once: true });
    const timeoutMs = this.workflow.timeoutMs;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.controller.abort({
      type: 'WorkflowTimeout', message: `the execution timed out after ${formatDuration(timeoutMs)} (settings.timeout)`, retryable: false,
    } satisfies RecordedError), timerMs(timeoutMs));
    let status: ExecutionStatus = 'completed';
    let error: RecordedError | null = null;
    try {
      await this.runList(this.workflow.steps, { ctx: this.context, signal: this.controller.signal });
    } catch (err) {
      if (err instanceof ScopeAborted) {
        status = err.reason.type === 'WorkflowTimeout' ? 'timed_out' : err.reason.type === 'Cancelled' ? 'cancelled' : 'failed';
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
    return this.record;
  }

  private async runList(list: readonly CompiledStep[] | undefined, scope: Scope): Promise<void> {
    if (!list) return;
    for (const step of list) {
      if (scope.signal.aborted) throw new ScopeAborted(abortReason(scope.signal));
      if (step.items && step.kind !== 'foreach') await this.runLoop(step, scope);
      else await this.runOnce(step, scope, scope.foreachIndex);
    }
  }

  /** A step-level `foreach`: the step once per item, one record each. */
  private async runLoop(step: CompiledStep, scope: Scope): Promise<void> {
    let items: unknown[];
    try {
      items = this.resolveItems(step, scope.ctx);
    } catch (err) {
      const rec = this.newRecord(step, scope.foreachIndex);
      rec.attempts = 1; // resolving the items was the attempt
      const seq = this.addRecord(rec);
      this.settings.observer?.stepStarted?.(rec, step.depth);
      return this.failed(step, scope, rec, seq, recordedError(err));
    }
    if (items.length === 0) {
      const rec = this.newRecord(step, scope.foreachIndex);
      this.finish(step, rec, this.addRecord(rec), 'skipped', null, null);
      return;
    }
    for (let index = 0; index < items.length; index++) {
      if (scope.signal.aborted) throw new ScopeAborted(abortReason(scope.signal));
      await this.runOnce(step, { ctx: withForeach(scope.ctx, items, index), signal: scope.signal, foreachIndex: index }, index);
    }
  }

  private async runOnce(step: CompiledStep, scope: Scope, foreachIndex: number | undefined): Promise<void> {
    const rec = this.newRecord(step, foreachIndex);
    const seq = this.addRecord(rec);
    if (step.guard) {
      let pass: boolean;
      try {
        pass = this.check(step.guard, scope.ctx);
      } catch (err) {
        return this.failed(step, scope, rec, seq, { ...recordedError(err), type: 'ConditionError' });
      }
      if (!pass) {
        this.finish(step, rec, seq, 'skipped', null, null);
        return;
      }
    }
    this.settings.observer?.stepStarted?.(rec, step.depth);
    if (SLOW.has(step.kind)) this.save(seq, rec);
    const retry = step.failure.retry;
    for (;;) {
      rec.attempts++;
      let error: RecordedError;
      let retryAt: Date | undefined;
      let origin: string | undefined;
      try {
        const output = await this.attempt(step, scope, rec);
        this.finish(step, rec, seq, 'completed', output === undefined ? null : output, null);
        return;
      } catch (err) {
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
        this.settings.observer?.stepRetrying?.(rec, step.depth, wait);
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
      return this.failed(step, scope, rec, seq, error, origin);
    }
  }

  /** Records a failure, then runs the fallback, then continues or fails the enclosing scope. */
  private async failed(step: CompiledStep, scope: Scope, rec: StepRecord, seq: number, error: RecordedError, origin?: string): Promise<void> {
    this.finish(step, rec, seq, 'failed', null, error);
    if (step.failure.fallback) await this.runList(step.failure.fallback, scope);
    if (step.failure.continue) return;
    throw new StepFailed(error, origin ?? step.name);
  }

  private async attempt(step: CompiledStep, scope: Scope, rec: StepRecord): Promise<unknown> {
    const timed = step.timeoutMs === undefined ? undefined : timeoutSignal(scope.signal, step.timeoutMs, {
      type: 'StepTimeout', message: `step "${step.name}" timed out after ${formatDuration(step.timeoutMs)}`, retryable: true,
    });
    const signal = timed ? timed.signal : scope.signal;
    try {
      switch (step.kind) {
        case 'console': {
          const message = (step.render!(scope.ctx) as Plain).message;
          this.settings.observer?.console?.(rec, message);
          return message;
        }
        case 'data.set': {
          const values = step.render!(scope.ctx) as Plain;
          Object.assign(this.variables, values);
          return values;
        }
        case 'wait': {
          const duration = (step.render!(scope.ctx) as Plain).duration;
          const ms = parseDuration(duration);
          if (ms === undefined) throw new StepError({ type: 'InvalidParams', message: `wait: duration must be a duration such as 5s, at most 24d (got ${JSON.stringify(duration)})`, retryable: false });
          if (!this.settings.dryRun) await sleep(ms, signal);
          return { waitedMs: this.settings.dryRun ? 0 : ms };
        }
        case 'connector':
          return await this.runConnector(step, scope.ctx, signal, rec);
        case 'if': {
          const pass = this.check(step.condition!, scope.ctx);
          await this.runList(pass ? step.then : step.else, { ...scope, signal });
          return { condition: pass };
        }
        case 'foreach': {
          const items = this.resolveItems(step, scope.ctx);
          for (let index = 0; index < items.length; index++) {
            if (signal.aborted) throw new ScopeAborted(abortReason(signal));
            await this.runList(step.body, { ctx: withForeach(scope.ctx, items, index), signal, foreachIndex: index });
          }
          return { items: items.length };
        }
      }
    } finally {
      timed?.dispose();
    }
  }

  private async runConnector(step: CompiledStep, ctx: TemplateContext, signal: AbortSignal, rec: StepRecord): Promise<unknown> {
    const { type, action, connectorId } = step.connector!;
    const params = step.render!(ctx);
    const connector = connectorId !== undefined && isTemplate(connectorId) ? renderTemplate(connectorId, ctx) : connectorId;
    if (this.settings.dryRun) {
      const checked = validateClass(action.params as new () => object, params, ['with']);
      if (!checked.ok) {
        throw new StepError({ type: 'InvalidParams', message: `the with of ${type.id}.${action.id} is invalid: ${checked.problems.map((p) => p.message).join('; ')}`, retryable: false });
      }
      this.settings.observer?.dryRun?.(rec, { type: type.id, action: action.id, connector, params });
      return { dryRun: true, params };
    }
    const result = await raceAbort(this.deps.executor.execute({ type: type.id, action: action.id, connector: connector || undefined, params, paramsLabel: 'with', signal }), signal);
    if (result.status === 'ok') return result.data;
    throw StepError.fromResult(result);
  }

  private resolveItems(step: CompiledStep, ctx: TemplateContext): unknown[] {
    let value = step.items!.resolve(ctx);
    if (typeof value === 'string') value = parseList(value);
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    const kind = typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 80)}`;
    throw new StepError({
      type: 'ForeachError',
      message: `foreach ${JSON.stringify(step.items!.source)} resolved to ${kind}, not an array`,
      retryable: false,
    });
  }

  private check(guard: Guard, ctx: TemplateContext): boolean {
    return guard.predicate ? guard.predicate(ctx) : evaluateCondition(guard.source, ctx);
  }

  private newRecord(step: CompiledStep, foreachIndex: number | undefined): StepRecord {
    const rec: StepRecord = {
      name: step.name, type: step.type, status: 'running', attempts: 0, startedAt: new Date().toISOString(),
      finishedAt: null, output: null, error: null,
    };
    if (foreachIndex !== undefined) rec.foreachIndex = foreachIndex;
    return rec;
  }

  private addRecord(rec: StepRecord): number {
    this.record.steps.push(rec);
    return this.seq++;
  }

  private finish(step: CompiledStep, rec: StepRecord, seq: number, status: StepRecord['status'], output: unknown, error: RecordedError | null): void {
    rec.status = status;
    rec.finishedAt = new Date().toISOString();
    rec.output = output;
    rec.error = error;
    this.save(seq, rec);
    this.states[step.name] = { output, error, status };
    this.settings.observer?.stepFinished?.(rec, step.depth);
  }

  private save(seq: number, rec: StepRecord): void {
    this.deps.store?.saveStep(this.record.id, seq, rec).catch(this.onStoreError);
  }
}

function withForeach(ctx: TemplateContext, items: unknown[], index: number): TemplateContext {
  return { ...ctx, foreach: { item: items[index], index, total: items.length, items } };
}

/** A string item source: empty → nothing, JSON text of an array → the array, else the string. */
function parseList(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
