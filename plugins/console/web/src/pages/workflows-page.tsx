import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, query, seg } from '../api';
import { ago } from '../format';
import { usePoll } from '../poll';
import { href } from '../router';
import { can, type Session } from '../session';
import type { ExecutionPage, StoredWorkflow, WorkflowTrigger } from '../types';
import { ErrorNotice, Loading, Panel, StatusBadge } from '../ui';

/** Stored workflows: triggers, last run, the enabled switch (admin), and links to the editor. */
export function WorkflowsPage({ session }: { session: Session }): JSX.Element {
  const list = usePoll<{ items: StoredWorkflow[] }>('/api/workflows', 5000);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const admin = can(session, 'admin');
  const toggle = async (w: StoredWorkflow): Promise<void> => {
    setError(undefined);
    try {
      await api('POST', `/api/workflows/${seg(w.id)}/${w.enabled ? 'disable' : 'enable'}`);
      list.refresh();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Panel title="Workflows" actions={admin ? <a class="btn btn-primary" href={href(['workflows', '_new'])}>New workflow</a> : null}>
      <ErrorNotice error={error ?? list.error} />
      {!list.data ? <Loading /> : (
        <table class="table" data-testid="workflows">
          <thead><tr><th>Name</th><th>Version</th><th>Triggers</th><th>Last run</th><th>Enabled</th></tr></thead>
          <tbody>
            {list.data.items.length === 0 ? <tr><td colSpan={5} class="muted">No stored workflows yet{admin ? ': create one with New workflow' : ''}.</td></tr> : null}
            {list.data.items.map((w) => (
              <tr key={w.id} data-workflow={w.id}>
                <td><a href={href(['workflows', w.id])}>{w.name}</a></td>
                <td>v{w.version}</td>
                <td>{w.triggers.length ? w.triggers.map(triggerText).join(', ') : <span class="muted">manual only</span>}</td>
                <td><LastRun workflowId={w.id} /></td>
                <td>
                  <label class="switch" title={admin ? 'enable or disable its triggers and runs' : 'this key cannot change workflows'}>
                    <input type="checkbox" role="switch" name={`enabled-${w.id}`} checked={w.enabled} disabled={!admin} onChange={() => void toggle(w)} />
                    <span>{w.enabled ? 'enabled' : 'disabled'}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function LastRun({ workflowId }: { workflowId: string }): JSX.Element {
  const last = usePoll<ExecutionPage>(`/api/executions${query({ workflowId, limit: 1 })}`, 5000);
  const run = last.data?.items[0];
  if (!last.data) return <span class="muted">…</span>;
  if (!run) return <span class="muted">never</span>;
  return <a href={href(['executions', run.id])}><StatusBadge status={run.status} /> {ago(run.startedAt)}</a>;
}

/** A compiled trigger in words, as `relayflow workflows list` shows it: `webhook`, `every 5m`, `rrule DAILY`. */
export function triggerText(t: WorkflowTrigger): string {
  if (t.type !== 'scheduled') return t.type;
  if (typeof t.everyMs === 'number') return `every ${every(t.everyMs)}`;
  const rrule = t.rrule as { freq?: string } | undefined;
  return rrule?.freq ? `rrule ${rrule.freq}` : 'scheduled';
}

function every(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
