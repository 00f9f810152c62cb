import { inject, injectable } from 'inversify';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { StepKindRegistry } from '../contracts/step-kind';
import { Logger } from '../contracts/logger';
import { Store } from '../contracts/store';
import type { ExecutionRecord } from '../contracts/execution-record';
import type { RunOptions, WorkflowService } from '../contracts/workflow-service';
import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import { ExecutionRun } from './engine/execution-run';
import { assertEventDepth, resolveInputs } from './engine/inputs';
import { assertEventSize } from './engine/event-size';
import { Config } from '../config/relayflow-config';
import { parseByteSize } from '../validation/units';
import { compileWorkflow, type CompileEnvironment } from './validation/workflow-compiler';
import { CompiledWorkflowCache } from './compiled-workflow-cache';

const DEFAULT_FILE = 'workflow.yaml';
/** How often, while executions run here, the store is asked whether another process wants one cancelled. */
export const CANCEL_POLL_MS = 1000;

/**
 * Validates workflow YAML against the installation (connector types, connectors) and runs it:
 * the engine behind `relayflow run|validate` and `Relayflow.run`.
 */
@injectable()
export class WorkflowServiceImpl implements WorkflowService {
  private readonly env: CompileEnvironment;
  private readonly compiled = new CompiledWorkflowCache();
  /** Executions running in this process, for cancel. */
  private readonly running = new Map<string, ExecutionRun>();
  /** Polls for cancel requests made by other processes (`relayflow executions cancel`), while executions run here. */
  private cancelPoll?: NodeJS.Timeout;

  constructor(
    @inject(StepKindRegistry) private readonly kinds: StepKindRegistry,
    @inject(Store) private readonly store: Store,
    @inject(Logger) private readonly logger: Logger,
    @inject(Config) private readonly config: Config,
  ) {
    this.env = { kinds };
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
    return this.track(await this.prepare(workflow, options));
  }

  async start(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<{ id: string; finished: Promise<ExecutionRecord> }> {
    let started!: () => void;
    const stored = new Promise<void>((resolve) => {
      started = resolve;
    });
    const observer = options.observer;
    const run = await this.prepare(workflow, { ...options, observer: { ...observer, executionStarted: (record) => {
      started();
      observer?.executionStarted?.(record);
    } } });
    const execution = this.track(run);
    // Until the record is stored, a failure (the store refusing it) is the caller's to see.
    await Promise.race([stored, execution]);
    const finished = execution.catch((err: unknown) => {
      this.logger.error('could not record the end of an execution', { executionId: run.record.id, error: (err as Error)?.message });
      return run.record;
    });
    return { id: run.record.id, finished };
  }

  cancel(executionId: string): boolean {
    const run = this.running.get(executionId);
    run?.cancel();
    return run !== undefined;
  }

  private async prepare(workflow: string | CompiledWorkflow, options: RunOptions): Promise<ExecutionRun> {
    const compiled = typeof workflow === 'string' ? await this.compile(workflow, options.file) : workflow;
    if (!compiled.enabled && !options.dryRun) throw disabled(compiled);
    assertEventDepth(options.event);
    const { eventSize } = this.config.limits;
    assertEventSize(options.event, parseByteSize(eventSize) ?? Number.POSITIVE_INFINITY, String(eventSize));
    const inputs = resolveInputs(compiled.inputs, options.inputs);
    return new ExecutionRun(compiled, {
      kinds: this.kinds,
      store: options.dryRun ? undefined : this.store.executions,
      logger: this.logger,
    }, {
      event: options.event ?? {},
      inputs,
      signal: options.signal,
      dryRun: options.dryRun === true,
      observer: options.observer,
      trigger: options.trigger,
    });
  }

  /** Runs an execution, known to {@link cancel} while it runs. */
  private async track(run: ExecutionRun): Promise<ExecutionRecord> {
    this.running.set(run.record.id, run);
    this.watchCancelRequests();
    try {
      return await run.execute();
    } finally {
      this.running.delete(run.record.id);
      if (this.running.size === 0 && this.cancelPoll) {
        clearInterval(this.cancelPoll);
        this.cancelPoll = undefined;
      }
    }
  }

  private watchCancelRequests(): void {
    if (this.cancelPoll || typeof this.store.executions.cancelRequested !== 'function') return;
    this.cancelPoll = setInterval(() => void this.cancelRequested(), CANCEL_POLL_MS);
    this.cancelPoll.unref();
  }

  private async cancelRequested(): Promise<void> {
    try {
      for (const id of await this.store.executions.cancelRequested([...this.running.keys()])) {
        this.logger.info('cancelling an execution at the request of another process', { executionId: id });
        this.cancel(id);
      }
    } catch (err) {
      this.logger.debug('could not check for cancel requests', { error: (err as Error)?.message });
    }
  }
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
