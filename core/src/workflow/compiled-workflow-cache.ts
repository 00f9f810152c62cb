import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import type { CompileResult } from './validation/workflow-compiler';

/** How many compiled workflows are kept (each holds its YAML and a few closures per step). */
export const COMPILED_WORKFLOWS = 256;
/**
 * How long a compiled workflow checked against changing state (connectors) is trusted without
 * compiling it again: changes made by another process count within this time, as for resolved
 * connectors.
 */
export const DEPENDENCIES_FRESH_MS = 1000;

interface Entry {
  workflow: Promise<CompiledWorkflow>;
  /** Known once compiled: what it depends on, and when that was checked. */
  dependencies?: NonNullable<CompileResult['dependencies']>;
  checkedAt: number;
}

/**
 * Compiled workflows by content: the YAML text and the file name it is reported under (a Map
 * hashes the text). An entry stays while what it was checked against is unchanged (the
 * connectors' generation; at most a second when it was checked against any), least recently
 * used dropped first. Only valid workflows are kept: invalid ones are checked again each time,
 * so their problems are always current. Entries hold promises, so two callers compiling one
 * text at once compile it once.
 */
export class CompiledWorkflowCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = COMPILED_WORKFLOWS, private readonly freshMs = DEPENDENCIES_FRESH_MS) {}

  /**
   * The compiled workflow of `text` under `file`: the cached one while current, else the one
   * `compile` makes.
   * @throws whatever `compile` rejects with (the workflow's problems)
   */
  get(text: string, file: string, compile: () => Promise<Required<Pick<CompileResult, 'workflow' | 'dependencies'>>>): Promise<CompiledWorkflow> {
    const key = `${file}\u0000${text}`;
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && this.current(entry, now)) {
      this.entries.delete(key); // re-inserted: most recently used last
      this.entries.set(key, entry);
      return entry.workflow;
    }
    const fresh: Entry = { workflow: undefined as unknown as Promise<CompiledWorkflow>, checkedAt: now };
    fresh.workflow = compile().then(({ workflow, dependencies }) => {
      fresh.dependencies = dependencies;
      return workflow;
    });
    fresh.workflow.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    this.entries.delete(key);
    this.entries.set(key, fresh);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return fresh.workflow;
  }

  /** How many compiled workflows are kept. */
  get size(): number {
    return this.entries.size;
  }

  private current(entry: Entry, now: number): boolean {
    const dependencies = entry.dependencies;
    if (dependencies === undefined) return true; // still compiling: share it
    if (dependencies.length === 0) return true;
    if (now - entry.checkedAt >= this.freshMs) return false;
    for (const { stamp, value } of dependencies) if (stamp() !== value) return false;
    return true;
  }
}
