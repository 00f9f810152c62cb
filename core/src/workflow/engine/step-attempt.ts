import type { CompiledStep, Guard, ItemsSource, TemplateContext } from '../../contracts/compiled-workflow';
import type { StepRecord } from '../../contracts/execution-record';
import type { Logger } from '../../contracts/logger';
import type { StepRun } from '../../contracts/step-kind';
import type { ExecutionObserver } from '../../contracts/workflow-service';
import { evaluateCondition } from '../conditions/condition';
import { sleep } from './abort-scope';
import { resolveItems } from './foreach-items';
import { ExecutionParked, PARK_AFTER_MS } from './execution-parked';
import { keyIn } from './idempotency-key';

/** Where steps run: the template context (with `foreach` inside loops), the abort signal, and the enclosing step's id. */
export interface Scope {
  ctx: TemplateContext;
  signal: AbortSignal;
  /** The id of the step holding this list ('' at the top level). */
  prefix: string;
  /** The index of the innermost enclosing `foreach` block iteration. */
  foreachIndex?: number;
}

/** What an attempt needs from the execution running it. */
export interface AttemptHost {
  readonly executionId: string;
  /** The execution id as a UUID namespace, for idempotency keys. */
  readonly keyNamespace: Buffer;
  readonly dryRun: boolean;
  /** Long waits park the execution instead of holding the process. */
  readonly parksLongWaits: boolean;
  readonly logger: Logger;
  readonly observer?: ExecutionObserver;
  runScope(steps: readonly CompiledStep[], scope: Scope): Promise<void>;
  setVariables(values: Record<string, unknown>): void;
}

/**
 * One attempt of one step, as its step kind sees it (`StepRun`). A class, not an object of
 * closures: an execution makes one per attempt, so it should cost next to nothing. For its
 * duration the scope's context holds `step` (id, attempt, idempotencyKey): set when the attempt
 * starts and put back by {@link release} (steps run one at a time, nested ones inside their
 * parent's attempt), which is much cheaper than a context copy per attempt.
 */
export class StepAttempt implements StepRun {
  readonly context: TemplateContext;
  readonly attempt: number;
  readonly idempotencyKey: string;
  private readonly previous: unknown;

  constructor(
    private readonly host: AttemptHost,
    private readonly scope: Scope,
    readonly signal: AbortSignal,
    private readonly record: StepRecord,
    readonly stepId: string,
  ) {
    this.attempt = record.attempts;
    this.idempotencyKey = keyIn(host.keyNamespace, stepId);
    this.context = scope.ctx;
    this.previous = scope.ctx.step;
    scope.ctx.step = { id: stepId, attempt: this.attempt, idempotencyKey: this.idempotencyKey };
  }

  /** The attempt is over: `step` in the context is the enclosing step's again. */
  release(): void {
    this.context.step = this.previous;
  }

  get executionId(): string {
    return this.host.executionId;
  }

  get dryRun(): boolean {
    return this.host.dryRun;
  }

  get logger(): Logger {
    return this.host.logger;
  }

  runSteps(steps: readonly CompiledStep[], iteration?: { items: unknown[]; index: number }): Promise<void> {
    const { scope, signal, stepId } = this;
    return this.host.runScope(steps, iteration
      ? { ctx: withForeach(scope.ctx, iteration.items, iteration.index), signal, prefix: `${stepId}#${iteration.index}`, foreachIndex: iteration.index }
      : { ctx: scope.ctx, signal, prefix: stepId, foreachIndex: scope.foreachIndex });
  }

  check(guard: Guard): boolean {
    return checkGuard(guard, this.context);
  }

  items(source: ItemsSource): unknown[] {
    return resolveItems(source, this.context);
  }

  setVariables(values: Record<string, unknown>): void {
    this.host.setVariables(values);
  }

  sleep(ms: number): Promise<void> {
    return sleep(ms, this.signal);
  }

  async durableSleep(ms: number): Promise<void> {
    const due = Date.parse(this.record.startedAt) + ms;
    const left = due - Date.now();
    if (left <= 0) return;
    if (this.host.parksLongWaits && left > PARK_AFTER_MS) throw new ExecutionParked(new Date(due));
    await sleep(left, this.signal);
  }

  print(message: unknown): void {
    this.host.observer?.console?.(this.record, message, this.host.executionId);
  }

  dryRunCall(invocation: { type: string; action: string; connector?: string; params: unknown }): void {
    this.host.observer?.dryRun?.(this.record, invocation, this.host.executionId);
  }
}

/** Evaluates a guard: its compiled predicate, else its (templated) source rendered against `ctx`. */
export function checkGuard(guard: Guard, ctx: TemplateContext): boolean {
  return guard.predicate ? guard.predicate(ctx) : evaluateCondition(guard.source, ctx);
}

/** The context of one `foreach` iteration. */
export function withForeach(ctx: TemplateContext, items: unknown[], index: number): TemplateContext {
  return { ...ctx, foreach: { item: items[index], index, total: items.length, items } };
}
