import { inject, injectable } from 'inversify';
import { RelayflowError } from '../errors/relayflow-error';
import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import type { Problem } from '../contracts/problem';
import { Store, type WorkflowRow, type WorkflowVersionInput } from '../contracts/store';
import type { StartedExecution, StartOptions, StoredWorkflow, WorkflowLibrary } from '../contracts/workflow-library';
import { WorkflowService } from '../contracts/workflow-service';
import { CompiledCache } from './compiled-cache';

/**
 * Stored workflows on top of the store and the workflow service. Every call reads the store (a
 * change by another process counts at once); compiled versions are cached, since a version never
 * changes. The stored `enabled` flag is what counts at run time: the YAML's `enabled` sets it when
 * a version says it, `setEnabled` flips it (the toggle of GitHub Actions and Kibana).
 */
@injectable()
export class WorkflowLibraryImpl implements WorkflowLibrary {
  private readonly cache = new CompiledCache();

  constructor(
    @inject(Store) private readonly store: Store,
    @inject(WorkflowService) private readonly service: WorkflowService,
  ) {}

  async deploy(yaml: string, file?: string): Promise<{ workflow: StoredWorkflow; created: boolean; changed: boolean }> {
    const compiled = await this.compile(yaml, file);
    const current = await this.store.workflows.get(compiled.name);
    if (current && (await this.store.workflows.getVersion(current.id, current.version))?.yaml === yaml) {
      return { workflow: toStored(current), created: false, changed: false };
    }
    const updated = await this.addVersion(compiled.name, compiled);
    if (updated) return { workflow: updated, created: false, changed: true };
    try {
      return { workflow: await this.insert(compiled), created: true, changed: true };
    } catch (err) {
      // Created by another process in between: this is its next version.
      if (!(RelayflowError.is(err) && err.code === 'WORKFLOW_NAME_TAKEN')) throw err;
      const again = await this.addVersion(compiled.name, compiled);
      if (!again) throw err;
      return { workflow: again, created: false, changed: true };
    }
  }

  async create(yaml: string, file?: string): Promise<StoredWorkflow> {
    return this.insert(await this.compile(yaml, file));
  }

  async replace(id: string, yaml: string, file?: string): Promise<StoredWorkflow> {
    await this.row(id);
    const compiled = await this.compile(yaml, file, id);
    const updated = await this.addVersion(id, compiled);
    if (!updated) throw notFound(id);
    return updated;
  }

  async get(id: string): Promise<StoredWorkflow> {
    const row = await this.row(id);
    const version = await this.store.workflows.getVersion(id, row.version);
    return toStored(row, version?.yaml);
  }

  async list(): Promise<StoredWorkflow[]> {
    return (await this.store.workflows.list()).map((row) => toStored(row));
  }

  async setEnabled(id: string, enabled: boolean): Promise<StoredWorkflow> {
    const row = await this.store.workflows.setEnabled(id, enabled === true, now());
    if (!row) throw notFound(id);
    return toStored(row);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.store.workflows.delete(id);
    this.cache.forget(id);
    if (!deleted) throw notFound(id);
  }

  async compiled(id: string, version?: number): Promise<CompiledWorkflow> {
    const row = await this.row(id);
    const wanted = version ?? row.version;
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > row.version) {
      throw new RelayflowError('WORKFLOW_NOT_FOUND', `workflow "${id}" has no version ${String(version)} (its latest is ${row.version})`);
    }
    const compiled = await this.cache.get(id, wanted, () => this.load(id, wanted));
    return compiled.enabled === row.enabled ? compiled : { ...compiled, enabled: row.enabled };
  }

  async start(id: string, options: StartOptions = {}): Promise<StartedExecution> {
    const row = await this.row(id);
    const wanted = options.requireTrigger;
    if (wanted !== undefined && !row.triggers.some((t) => t.type === wanted)) {
      throw new RelayflowError('WORKFLOW_NOT_FOUND', `workflow "${id}" has no ${wanted} trigger (add triggers: [{ type: ${wanted} }])`);
    }
    if (!row.enabled) {
      throw new RelayflowError('WORKFLOW_DISABLED', `workflow "${id}" is disabled; enable it with: relayflow workflows enable ${id}`);
    }
    const compiled = await this.cache.get(id, row.version, () => this.load(id, row.version));
    // The stored flag won above: a version whose YAML says `enabled: false` runs once enabled.
    const runnable = compiled.enabled ? compiled : { ...compiled, enabled: true };
    return this.service.start(runnable, { event: options.event, inputs: options.inputs, trigger: options.trigger, signal: options.signal, parkLongWaits: options.parkLongWaits, queue: options.queue });
  }

  private async row(id: string): Promise<WorkflowRow> {
    const row = typeof id === 'string' ? await this.store.workflows.get(id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  /** Checks YAML as `relayflow validate` does, and that its name can be a stored workflow's id (and is `expectedId`). */
  private async compile(yaml: string, file?: string, expectedId?: string): Promise<CompiledWorkflow> {
    if (typeof yaml !== 'string') throw new RelayflowError('BAD_ARGUMENT', 'the workflow must be YAML text');
    const compiled = await this.service.compile(yaml, file);
    const problem = nameProblem(compiled, expectedId);
    if (problem) throw new RelayflowError('WORKFLOW_INVALID', `${compiled.file} is invalid (1 problem)`, { problems: [problem] });
    return compiled;
  }

  /** A stored version compiled again (a cache miss: this process has not seen it yet). */
  private async load(id: string, version: number): Promise<CompiledWorkflow> {
    const stored = await this.store.workflows.getVersion(id, version);
    if (!stored) throw new RelayflowError('WORKFLOW_NOT_FOUND', `workflow "${id}" has no version ${version}`);
    return { ...(await this.service.compile(stored.yaml, `${id}@v${version}`)), version };
  }

  private async insert(compiled: CompiledWorkflow): Promise<StoredWorkflow> {
    const row = await this.store.workflows.create(compiled.name, { ...versionInput(compiled), enabled: compiled.enabled });
    return this.remember(row, compiled);
  }

  private async addVersion(id: string, compiled: CompiledWorkflow): Promise<StoredWorkflow | undefined> {
    // The YAML's `enabled` counts when it is written; else the stored flag stays as it was.
    const enabled = compiled.enabledLocation === undefined ? undefined : compiled.enabled;
    const row = await this.store.workflows.addVersion(id, { ...versionInput(compiled), enabled });
    return row && this.remember(row, compiled);
  }

  /** The version just stored is compiled already: cached, so its first trigger does not parse it again. */
  private remember(row: WorkflowRow, compiled: CompiledWorkflow): StoredWorkflow {
    void this.cache.get(row.id, row.version, async () => ({ ...compiled, version: row.version }));
    return toStored(row);
  }
}

function versionInput(compiled: CompiledWorkflow): WorkflowVersionInput {
  return { yaml: compiled.yaml, triggers: compiled.triggers, at: now() };
}

function toStored(row: WorkflowRow, yaml?: string): StoredWorkflow {
  return {
    id: row.id, name: row.id, version: row.version, enabled: row.enabled, triggers: row.triggers,
    createdAt: row.createdAt, updatedAt: row.updatedAt, ...(yaml === undefined ? {} : { yaml }),
  };
}

/**
 * A stored workflow's name is its id, in URLs (`/api/workflows/{id}`) and on command lines: no
 * `/`, no control characters, not `.` or `..`, at most 255 characters. On replace it must stay the same.
 */
function nameProblem(compiled: CompiledWorkflow, expectedId?: string): Problem | undefined {
  const name = compiled.name;
  const at = { path: 'name', fieldPath: ['name'], location: compiled.nameLocation };
  if (expectedId !== undefined && name !== expectedId) {
    return { ...at, code: 'INVALID_VALUE', message: `the name is "${name}", but this replaces workflow "${expectedId}": a stored workflow's name is its id; keep name: ${expectedId} (or create a new workflow)` };
  }
  if (name.length > 255 || /[/\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..' || name.trim() !== name) {
    return { ...at, code: 'INVALID_VALUE', message: 'a stored workflow\'s name is its id in URLs and commands: at most 255 characters, without "/", control characters or spaces around it, and not "." or ".."' };
  }
  return undefined;
}

function notFound(id: string): RelayflowError {
  return new RelayflowError('WORKFLOW_NOT_FOUND', `no stored workflow "${id}"; list them with: relayflow workflows list`);
}

function now(): string {
  return new Date().toISOString();
}
