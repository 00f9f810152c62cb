import { RelayflowError } from '../../errors/relayflow-error';
import type { CompiledTrigger } from '../../contracts/compiled-workflow';
import type { WorkflowRow, WorkflowStore, WorkflowVersionInput, WorkflowVersionRow } from '../../contracts/store';
import type { SqlAccess } from './sql-access';

interface Row {
  id: string; enabled: number; version: number; created_at: string; updated_at: string; triggers: string;
}

interface VersionRow {
  workflow_id: string; version: number; yaml: string; triggers: string; created_at: string;
}

/** A workflow row with its latest version's triggers. */
const SELECT_WORKFLOW = `SELECT w.id, w.enabled, w.version, w.created_at, w.updated_at, v.triggers FROM workflows w
  JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.version`;

/** Rows kept by {@link SqliteWorkflowStore.get}, at most. */
const KEPT_ROWS = 1_000;

/**
 * Stored workflows in the SQLite store: a row per workflow (its flag and latest version) and a
 * row per version, which is never changed or reused (see WorkflowStore). Every change bumps a
 * count (`workflow_changes`) in its transaction; `get` keeps the rows it read while the count is
 * unchanged, so the webhook path reads one small row instead of a join, and a change made by any
 * process (a CLI deploy while `serve` runs) is seen by the next `get`.
 */
export class SqliteWorkflowStore implements WorkflowStore {
  private readonly kept = new Map<string, Readonly<WorkflowRow>>();
  private keptGeneration?: number;

  constructor(private readonly db: SqlAccess) {}

  async create(id: string, input: WorkflowVersionInput & { enabled: boolean }): Promise<WorkflowRow> {
    return this.db.transaction(() => {
      if (this.db.statement('SELECT 1 FROM workflows WHERE id = ?').get(id)) {
        throw new RelayflowError('WORKFLOW_NAME_TAKEN', `a stored workflow named "${id}" already exists; deploy it again to store its next version (relayflow workflows deploy FILE)`);
      }
      const version = this.lastVersion(id) + 1;
      this.insertVersion(id, version, input);
      this.db.statement('INSERT INTO workflows (id, enabled, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.enabled ? 1 : 0, version, input.at, input.at);
      this.changed();
      return this.read(id) as WorkflowRow;
    });
  }

  async addVersion(id: string, input: WorkflowVersionInput & { enabled?: boolean }): Promise<WorkflowRow | undefined> {
    return this.db.transaction(() => {
      if (!this.db.statement('SELECT 1 FROM workflows WHERE id = ?').get(id)) return undefined;
      const version = this.lastVersion(id) + 1;
      this.insertVersion(id, version, input);
      this.db.statement('UPDATE workflows SET version = ?, enabled = COALESCE(?, enabled), updated_at = ? WHERE id = ?')
        .run(version, input.enabled === undefined ? null : input.enabled ? 1 : 0, input.at, id);
      this.changed();
      return this.read(id);
    });
  }

  async get(id: string): Promise<WorkflowRow | undefined> {
    const generation = this.db.statement('SELECT generation FROM workflow_changes WHERE id = 1').pluck().get() as number;
    if (generation !== this.keptGeneration) {
      this.kept.clear();
      this.keptGeneration = generation;
    }
    const kept = this.kept.get(id);
    if (kept) return kept;
    const row = this.read(id);
    if (!row) return undefined;
    if (this.kept.size >= KEPT_ROWS) this.kept.clear();
    const keep = Object.freeze({ ...row, triggers: Object.freeze(row.triggers) as CompiledTrigger[] });
    this.kept.set(id, keep);
    return keep;
  }

  async getVersion(id: string, version: number): Promise<WorkflowVersionRow | undefined> {
    const row = this.db.statement('SELECT * FROM workflow_versions WHERE workflow_id = ? AND version = ?').get(id, version) as VersionRow | undefined;
    return row && {
      workflowId: row.workflow_id, version: row.version, yaml: row.yaml, triggers: JSON.parse(row.triggers) as CompiledTrigger[], createdAt: row.created_at,
    };
  }

  async list(): Promise<WorkflowRow[]> {
    return (this.db.statement(`${SELECT_WORKFLOW} ORDER BY w.id`).all() as Row[]).map(fromRow);
  }

  async setEnabled(id: string, enabled: boolean, at: string): Promise<WorkflowRow | undefined> {
    return this.db.transaction(() => {
      const changed = this.db.statement('UPDATE workflows SET enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, at, id).changes;
      if (!changed) return undefined;
      this.changed();
      return this.read(id);
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const deleted = this.db.statement('DELETE FROM workflows WHERE id = ?').run(id).changes > 0;
      if (deleted) {
        this.db.statement('DELETE FROM trigger_fires WHERE workflow_id = ?').run(id);
        this.changed();
      }
      return deleted;
    });
  }

  private read(id: string): WorkflowRow | undefined {
    const row = this.db.statement(`${SELECT_WORKFLOW} WHERE w.id = ?`).get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** Inside a change's transaction: the rows any process keeps are out of date. */
  private changed(): void {
    this.db.statement('UPDATE workflow_changes SET generation = generation + 1 WHERE id = 1').run();
  }

  /** The highest version ever stored under this id (a deleted workflow's included), 0 for none. */
  private lastVersion(id: string): number {
    return (this.db.statement('SELECT COALESCE(MAX(version), 0) FROM workflow_versions WHERE workflow_id = ?').pluck().get(id) as number);
  }

  private insertVersion(id: string, version: number, input: WorkflowVersionInput): void {
    this.db.statement('INSERT INTO workflow_versions (workflow_id, version, yaml, triggers, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, version, input.yaml, JSON.stringify(input.triggers), input.at);
  }
}

function fromRow(r: Row): WorkflowRow {
  return {
    id: r.id, enabled: r.enabled === 1, version: r.version, triggers: JSON.parse(r.triggers) as CompiledTrigger[],
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
