import { inject, injectable } from 'inversify';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { StepKindRegistry } from '../contracts/step-kind';
import { Logger } from '../contracts/logger';
import { Store } from '../contracts/store';
import type { ExecutionInput, ExecutionRecord } from '../contracts/execution-record';
import type { ExecutionOwner, RunningExecution } from '../contracts/store';
import { FIRST_ROUND, type ExecutionQueue } from '../contracts/execution-queue';
import { recordedError } from './engine/step-error';
import type { ResumeOptions, RunOptions, WorkflowService } from '../contracts/workflow-service';
import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import { ExecutionRun, LEASE_MS, newExecutionRecord } from './engine/execution-run';
import { RunningExecutions } from './running-executions';
import { heldByLiveProcess, resumableNow, THIS_PROCESS } from './resume/execution-holder';
import { assertEventDepth, resolveInputs } from './engine/inputs';
import { assertEventSize } from './engine/event-size';
import { Config } from '../config/relayflow-config';
import { parseByteSize } from '../validation/units';
import { compileWorkflow, type CompileEnvironment } from './validation/workflow-compiler';
import { CompiledWorkflowCache } from './compiled-workflow-cache';

const DEFAULT_FILE = 'workflow.yaml';
/** How often, at most, `finished` of a queued execution reads the store (it starts faster). */
const END_POLL_MAX_MS = 1_000;

/**
 * Validates workflow YAML against the installation (connector types, connectors) and runs it:
 * the engine behind `relayflow run|validate` and `Relayflow.run`.
 */
@injectable()
export class WorkflowServiceImpl implements WorkflowService {
  private readonly env: CompileEnvironment;
  private readonly compiled = new CompiledWorkflowCache();
  /** Executions running in this process: cancel, cancel requests from other processes, leases. */
  private readonly running: RunningExecutions;

  constructor(
    @inject(StepKindRegistry) private readonly kinds: StepKindRegistry,
    @inject(Store) private readonly store: Store,
    @inject(Logger) private readonly logger: Logger,
    @inject(Config) private readonly config: Config,
  ) {
    this.env = { kinds };
    this.running = new RunningExecutions(store.executions, THIS_PROCESS, logger);
  }

  async validate(yaml: string, file = DEFAULT_FILE): Promise<Problem[]> {
    return (await compileWorkflow(yaml, file, this.env)).problems;
  }

  /** Compiled workflows are cached by content (see CompiledWorkflowCache): `rf.run(text)` compiles a text once. */
  compile(yaml: string, file = DEFAULT_FILE): Promise<CompiledWorkflow> {
    return this.compiled.get(yaml, file, async () => {
      const result = await compileWorkflow(yaml, file, this.env);
      if (!result.workflow) {
        const count = result.problems.length;
        throw new RelayflowError('WORKFLOW_INVALID', `${file} is invalid (${count} problem${count === 1 ? '' : 's'})`, { problems: result.problems });
      }
      // Shared by every caller of this text: not to be changed (copy it, as the library does).
      return { workflow: Object.freeze(result.workflow), dependencies: result.dependencies ?? [] };
    });
  }

  async run(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<ExecutionRecord> {
    return this.running.track(await this.prepare(workflow, options));
  }

  async start(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<{ id: string; finished: Promise<ExecutionRecord> }> {
    if (options.queue && !options.dryRun) return this.enqueue(workflow, options.queue, options);
    let started!: () => void;
    const stored = new Promise<void>((resolve) => {
      started = resolve;
    });
    const observer = options.observer;
    const run = await this.prepare(workflow, { ...options, observer: { ...observer, executionStarted: (record) => {
      started();
      observer?.executionStarted?.(record);
    } } });
    const execution = this.running.track(run);
    // Until the record is stored, a failure (the store refusing it) is the caller's to see.
    await Promise.race([stored, execution]);
    // Committed before the caller answers "started" (a webhook's 202): a crash cannot lose it now.
    if (!options.dryRun) await this.store.executions.checkpoint();
    const finished = execution.catch((err: unknown) => {
      this.logger.error('could not record the end of an execution', { executionId: run.record.id, error: (err as Error)?.message });
      return run.record;
    });
    return { id: run.record.id, finished };
  }

  /**
   * Stores an execution with no holder, committed, then hands it to the workers: a crash between
   * the two leaves it for a worker's scan to enqueue (see DistributedResumeSource).
   */
  private async enqueue(workflow: string | CompiledWorkflow, queue: ExecutionQueue, options: RunOptions): Promise<{ id: string; finished: Promise<ExecutionRecord> }> {
    const { compiled, event, inputs } = await this.checked(workflow, options);
    const room = queue.room?.();
    if (room) await room;
    // Only its record: the worker that takes it builds the run.
    const record = newExecutionRecord(compiled, options.trigger);
    await this.store.executions.start(record, { yaml: compiled.yaml, event, inputs });
    await this.store.executions.checkpoint();
    const id = record.id;
    // Stored and committed is accepted: should the queue refuse it now, a worker's scan enqueues it.
    await queue.enqueue(id, FIRST_ROUND).catch((err: unknown) => {
      this.logger.warn('could not enqueue an execution; a worker will find it in the store', { executionId: id, error: (err as Error)?.message });
    });
    let finished: Promise<ExecutionRecord> | undefined;
    const follow = (): Promise<ExecutionRecord> => this.endOf(id, queue.ended?.(id));
    // Followed in the store only when someone asks (a `wait: true` run): a worker runs it.
    return { id, get finished() { return (finished ??= follow()); } };
  }

  cancel(executionId: string): boolean {
    return this.running.cancel(executionId);
  }

  async resume(executionId: string, options: ResumeOptions = {}): Promise<ExecutionRecord> {
    const executions = this.store.executions;
    const record = await executions.get(executionId);
    if (!record) throw new RelayflowError('EXECUTION_NOT_FOUND', `no execution has the id ${executionId}`);
    const [seen] = await executions.running(executionId);
    if (!seen) {
      const ended = record.status === 'running' ? 'it ended meanwhile' : `it ended ${record.status}${record.finishedAt ? ` at ${record.finishedAt}` : ''}`;
      throw new RelayflowError('EXECUTION_NOT_RESUMABLE', `execution ${executionId} cannot be resumed: ${ended}; only an interrupted execution can be`);
    }
    if (heldByLiveProcess(seen)) {
      const holder = seen.owner ?? THIS_PROCESS;
      const state = seen.owner ? 'it is still running' : 'it waits for an execution thread of this process';
      throw new RelayflowError('EXECUTION_NOT_RESUMABLE',
        `execution ${executionId} cannot be resumed: ${state} (process ${holder.pid} on ${holder.host} holds it); cancel it with relayflow executions cancel ${executionId}`);
    }
    const input = await executions.getInput(executionId);
    if (!input) throw new RelayflowError('EXECUTION_NOT_FOUND', `execution ${executionId} has no stored input to resume from`);
    const compiled = await this.compile(input.yaml, sourceName(record));
    const run = await this.claim(seen, record, compiled, input, options);
    if (!run) throw new RelayflowError('EXECUTION_NOT_RESUMABLE', `execution ${executionId} cannot be resumed: another process resumed it first`);
    return this.running.track(run);
  }

  async runQueued(executionId: string, options: ResumeOptions = {}): Promise<ExecutionRecord | undefined> {
    const executions = this.store.executions;
    // One read (a worker's every round pays for it); the claim below checks `seen` still holds.
    const runnable = await executions.runnable(executionId);
    if (!runnable || !resumableNow(runnable.running)) return undefined;
    const { running: seen, record, input } = runnable;
    let compiled: CompiledWorkflow;
    try {
      compiled = await this.compile(input.yaml, sourceName(record));
    } catch (err) {
      // This worker cannot run it (a plugin missing here?): the record says why, instead of a queue retrying forever.
      if (!(await executions.claim(seen, this.lease()))) return undefined;
      const error = recordedError(err);
      const finishedAt = new Date().toISOString();
      const result = { status: 'failed' as const, finishedAt, durationMs: Date.parse(finishedAt) - Date.parse(record.startedAt), error };
      await executions.finish(executionId, result);
      await executions.checkpoint();
      return { ...record, ...result };
    }
    const run = await this.claim(seen, record, compiled, input, options);
    return run && this.running.track(run);
  }

  /**
   * Takes a stored execution over (a lease) and builds its run: a resume when a process held it
   * or it parked, else a queued execution's first run.
   * @returns undefined when another process claimed it first
   */
  private async claim(seen: RunningExecution, record: ExecutionRecord, compiled: CompiledWorkflow, input: ExecutionInput, options: ResumeOptions): Promise<ExecutionRun | undefined> {
    const firstRun = seen.owner === undefined && seen.parkedUntil === undefined;
    const at = firstRun ? undefined : new Date().toISOString();
    if (!(await this.store.executions.claim(seen, this.lease(), at))) return undefined;
    return new ExecutionRun(compiled, { kinds: this.kinds, store: this.store.executions, logger: this.logger, owner: THIS_PROCESS }, {
      event: input.event, inputs: input.inputs, signal: options.signal, dryRun: false, observer: options.observer,
      trigger: record.trigger, parkLongWaits: options.parkLongWaits, resume: { record, at },
    });
  }

  /**
   * The end of an execution a worker runs, as the store shows it: read once the queue says it
   * ended (a queue that runs it in this process knows), else often at first, then once a second.
   * A read that fails is tried again at the next turn.
   */
  private async endOf(id: string, ended?: Promise<void>): Promise<ExecutionRecord> {
    if (ended) {
      await ended;
      const record = await this.store.executions.get(id).catch(() => undefined);
      // Parked (still running): followed in the store, as one a worker elsewhere runs.
      if (record && record.status !== 'running') return record;
    }
    for (let wait = 20; ; wait = Math.min(wait * 2, END_POLL_MAX_MS)) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      const record = await this.store.executions.get(id).catch(() => undefined);
      if (record && record.status !== 'running') return record;
    }
  }

  private lease(): { owner: ExecutionOwner; until: string } {
    return { owner: THIS_PROCESS, until: new Date(Date.now() + LEASE_MS).toISOString() };
  }

  async resumable(): Promise<string[]> {
    const now = Date.now();
    return (await this.store.executions.running())
      .filter((execution) => resumableNow(execution, THIS_PROCESS, now))
      .map((execution) => execution.id);
  }

  /**
   * What a run starts from, checked: the compiled workflow (enabled, unless a dry run), the event
   * (within the limits) and the inputs (converted to their declared types).
   */
  private async checked(workflow: string | CompiledWorkflow, options: RunOptions): Promise<{ compiled: CompiledWorkflow; event: unknown; inputs: Record<string, unknown> }> {
    const compiled = typeof workflow === 'string' ? await this.compile(workflow, options.file) : workflow;
    if (!compiled.enabled && !options.dryRun) throw disabled(compiled);
    assertEventDepth(options.event);
    const { eventSize } = this.config.limits;
    assertEventSize(options.event, parseByteSize(eventSize) ?? Number.POSITIVE_INFINITY, String(eventSize));
    return { compiled, event: options.event ?? {}, inputs: resolveInputs(compiled.inputs, options.inputs) };
  }

  private async prepare(workflow: string | CompiledWorkflow, options: RunOptions): Promise<ExecutionRun> {
    const { compiled, event, inputs } = await this.checked(workflow, options);
    return new ExecutionRun(compiled, {
      kinds: this.kinds,
      store: options.dryRun ? undefined : this.store.executions,
      logger: this.logger,
      owner: THIS_PROCESS,
    }, {
      event,
      inputs,
      signal: options.signal,
      dryRun: options.dryRun === true,
      observer: options.observer,
      trigger: options.trigger,
      parkLongWaits: options.parkLongWaits,
    });
  }
}

/**
 * The name an execution's workflow is compiled under when it is run again (resume, a worker's
 * run): the stored version's, as the library names it, so every execution of one version shares
 * one compiled workflow (the cache is by text and name).
 */
function sourceName(record: ExecutionRecord): string {
  return record.workflowVersion === undefined ? record.workflow.id : `${record.workflow.id}@v${record.workflowVersion}`;
}

/** A disabled workflow is not run (as GitHub Actions and Kibana do); a dry run still is. */
function disabled(workflow: CompiledWorkflow): RelayflowError {
  const at = workflow.enabledLocation;
  const where = at ? ` at ${at.file}:${at.line}:${at.col}` : '';
  const fix = 'set enabled: true (or remove the line) to run it (a dry run still works)';
  return new RelayflowError('WORKFLOW_DISABLED', `workflow "${workflow.name}" is disabled (enabled: false${where}); ${fix}`, {
    problems: [{ path: 'enabled', fieldPath: ['enabled'], code: 'WORKFLOW_DISABLED', message: `the workflow "${workflow.name}" is disabled (enabled: false); ${fix}`, location: at }],
  });
}

