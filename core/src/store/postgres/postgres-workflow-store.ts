import type { PoolClient } from 'pg';
import { RelayflowError } from '../../errors/relayflow-error';
import type { CompiledTrigger } from '../../contracts/compiled-workflow';
import type { WorkflowRow, WorkflowStore, WorkflowVersionInput, WorkflowVersionRow } from '../../contracts/store';
import { lockName, type PgAccess } from './pg-access';

interface Row {
  id: string; enabled: boolean; version: number; created_at: string; updated_at: string; triggers: string;
}

interface VersionRow {
  workflow_id: string; version: number; yaml: string; triggers: string; created_at: string;
}

/** A workflow row with its latest version's triggers. */
const SELECT_WORKFLOW = `SELECT w.id, w.enabled, w.version, w.created_at, w.updated_at, v.triggers FROM relayflow.workflows w
  JOIN relayflow.workflow_versions v ON v.workflow_id = w.id AND v.version = w.version`;

/**
 * Stored workflows in the PostgreSQL store: a row per workflow (its flag and latest version) and
 * a row per version, which is never changed or reused (see WorkflowStore). Whatever changes a
 * workflow's versions first takes a lock on its id, so processes on any machines number versions
 * one after another.
 */
export class PostgresWorkflowStore implements WorkflowStore {
  constructor(private readonly db: PgAccess) {}

  async create(id: string, input: WorkflowVersionInput & { enabled: boolean }): Promise<WorkflowRow> {
    return this.db.transaction(async (client) => {
      await lockWorkflow(client, id);
      if ((await client.query('SELECT 1 FROM relayflow.workflows WHERE id = $1', [id])).rowCount) {
        throw new RelayflowError('WORKFLOW_NAME_TAKEN', `a stored workflow named "${id}" already exists; deploy it again to store its next version (relayflow workflows deploy FILE)`);
      }
      const version = await lastVersion(client, id) + 1;
      await insertVersion(client, id, version, input);
      await client.query('INSERT INTO relayflow.workflows (id, enabled, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)',
        [id, input.enabled, version, input.at]);
      return (await read(client, id)) as WorkflowRow;
    });
  }

  async addVersion(id: string, input: WorkflowVersionInput & { enabled?: boolean }): Promise<WorkflowRow | undefined> {
    return this.db.transaction(async (client) => {
      await lockWorkflow(client, id);
      if (!(await client.query('SELECT 1 FROM relayflow.workflows WHERE id = $1', [id])).rowCount) return undefined;
      const version = await lastVersion(client, id) + 1;
      await insertVersion(client, id, version, input);
      await client.query('UPDATE relayflow.workflows SET version = $2, enabled = COALESCE($3, enabled), updated_at = $4 WHERE id = $1',
        [id, version, input.enabled ?? null, input.at]);
      return read(client, id);
    });
  }

  async get(id: string): Promise<WorkflowRow | undefined> {
    const { rows } = await this.db.query<Row>(`${SELECT_WORKFLOW} WHERE w.id = $1`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async getVersion(id: string, version: number): Promise<WorkflowVersionRow | undefined> {
    const { rows } = await this.db.query<VersionRow>('SELECT * FROM relayflow.workflow_versions WHERE workflow_id = $1 AND version = $2', [id, version]);
    const row = rows[0];
    return row && {
      workflowId: row.workflow_id, version: row.version, yaml: row.yaml, triggers: JSON.parse(row.triggers) as CompiledTrigger[], createdAt: row.created_at,
    };
  }

  async list(): Promise<WorkflowRow[]> {
    return (await this.db.query<Row>(`${SELECT_WORKFLOW} ORDER BY w.id`)).rows.map(fromRow);
  }

  async setEnabled(id: string, enabled: boolean, at: string): Promise<WorkflowRow | undefined> {
    const changed = (await this.db.query('UPDATE relayflow.workflows SET enabled = $2, updated_at = $3 WHERE id = $1', [id, enabled, at])).rowCount;
    return changed ? this.get(id) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (client) => {
      await lockWorkflow(client, id);
      const deleted = ((await client.query('DELETE FROM relayflow.workflows WHERE id = $1', [id])).rowCount ?? 0) > 0;
      if (deleted) await client.query('DELETE FROM relayflow.trigger_fires WHERE workflow_id = $1', [id]);
      return deleted;
    });
  }
}

/** Serialises the changes of one workflow's versions, across every process on the database. */
function lockWorkflow(client: PoolClient, id: string): Promise<void> {
  return lockName(client, `relayflow.workflow:${id}`);
}

async function read(client: PoolClient, id: string): Promise<WorkflowRow | undefined> {
  const { rows } = await client.query<Row>(`${SELECT_WORKFLOW} WHERE w.id = $1`, [id]);
  return rows[0] && fromRow(rows[0]);
}

/** The highest version ever stored under this id (a deleted workflow's included), 0 for none. */
async function lastVersion(client: PoolClient, id: string): Promise<number> {
  const { rows } = await client.query<{ last: number }>('SELECT COALESCE(MAX(version), 0) AS last FROM relayflow.workflow_versions WHERE workflow_id = $1', [id]);
  return rows[0].last;
}

async function insertVersion(client: PoolClient, id: string, version: number, input: WorkflowVersionInput): Promise<void> {
  await client.query('INSERT INTO relayflow.workflow_versions (workflow_id, version, yaml, triggers, created_at) VALUES ($1, $2, $3, $4, $5)',
    [id, version, input.yaml, JSON.stringify(input.triggers), input.at]);
}

function fromRow(r: Row): WorkflowRow {
  return {
    id: r.id, enabled: r.enabled, version: r.version, triggers: JSON.parse(r.triggers) as CompiledTrigger[],
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
