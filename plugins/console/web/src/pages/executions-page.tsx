import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { query } from '../api';
import { ago, duration, time } from '../format';
import { usePoll } from '../poll';
import { href } from '../router';
import type { ExecutionPage, StoredWorkflow } from '../types';
import { Button, ErrorNotice, Field, Loading, Panel, StatusBadge } from '../ui';

const STATUSES = ['running', 'completed', 'failed', 'cancelled', 'timed_out'];
const SINCE: Array<[string, number]> = [['any time', 0], ['last 15 minutes', 15 * 60_000], ['last hour', 3_600_000], ['last 24 hours', 86_400_000], ['last 7 days', 7 * 86_400_000]];
const POLL_MS = 2000;

/**
 * Executions, newest first, updated live (a conditional GET every 2 s), filtered by workflow and
 * status (the API's filters) and by time (the list is newest first, so rows older than the
 * chosen window end the list), a page at a time.
 */
export function ExecutionsPage(): JSX.Element {
  const [workflowId, setWorkflowId] = useState('');
  const [status, setStatus] = useState('');
  const [since, setSince] = useState(0);
  const [limit, setLimit] = useState(20);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = usePoll<ExecutionPage>(`/api/executions${query({ workflowId, status, limit, cursor })}`, POLL_MS);
  const workflows = usePoll<{ items: StoredWorkflow[] }>('/api/workflows', 0);

  // Rows that appeared since the page was first shown are marked as new for a moment.
  const seen = useRef<Set<string> | undefined>(undefined);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => { seen.current = undefined; }, [workflowId, status, cursor]);
  useEffect(() => {
    const items = page.data?.items;
    if (!items) return;
    if (seen.current) {
      const added = items.filter((e) => !seen.current?.has(e.id)).map((e) => e.id);
      if (added.length) setFresh(new Set(added));
    }
    seen.current = new Set(items.map((e) => e.id));
  }, [page.data]);

  const reset = (apply: () => void): void => {
    apply();
    setCursors([]);
  };
  const cutoff = since ? Date.now() - since : 0;
  const items = page.data?.items.filter((e) => !cutoff || Date.parse(e.startedAt) >= cutoff);
  const endsHere = cutoff > 0 && page.data?.items.some((e) => Date.parse(e.startedAt) < cutoff);
  return (
    <Panel title="Executions" actions={<span class="live" title="updated every 2 s while this tab is visible">live</span>}>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Workflow">
          <select name="workflowId" value={workflowId} onChange={(e) => reset(() => setWorkflowId(e.currentTarget.value))}>
            <option value="">all</option>
            {workflows.data?.items.map((w) => <option value={w.id}>{w.name}</option>)}
          </select>
        </Field>
        <Field label="Status">
          <select name="status" value={status} onChange={(e) => reset(() => setStatus(e.currentTarget.value))}>
            <option value="">all</option>
            {STATUSES.map((s) => <option value={s}>{s.replace('_', ' ')}</option>)}
          </select>
        </Field>
        <Field label="Started">
          <select name="since" value={String(since)} onChange={(e) => reset(() => setSince(Number(e.currentTarget.value)))}>
            {SINCE.map(([label, ms]) => <option value={String(ms)}>{label}</option>)}
          </select>
        </Field>
        <Field label="Per page">
          <select name="limit" value={String(limit)} onChange={(e) => reset(() => setLimit(Number(e.currentTarget.value)))}>
            {[10, 20, 50, 100].map((n) => <option value={String(n)}>{n}</option>)}
          </select>
        </Field>
      </form>
      <ErrorNotice error={page.error} />
      {!items ? <Loading /> : (
        <table class="table" data-testid="executions">
          <thead><tr><th>Status</th><th>Workflow</th><th>Trigger</th><th>Started</th><th>Duration</th><th>Id</th></tr></thead>
          <tbody>
            {items.length === 0 ? <tr><td colSpan={6} class="muted">No executions{workflowId || status || since ? ' match these filters' : ' yet'}.</td></tr> : null}
            {items.map((e) => (
              <tr key={e.id} class={fresh.has(e.id) ? 'fresh' : ''} data-execution={e.id}>
                <td><StatusBadge status={e.status} /></td>
                <td><a href={href(['executions', e.id])}>{e.workflow.name}</a>{e.workflowVersion ? <span class="muted"> v{e.workflowVersion}</span> : null}</td>
                <td>{e.trigger?.type ?? 'manual'}</td>
                <td title={time(e.startedAt)}>{ago(e.startedAt)}</td>
                <td>{e.status === 'running' ? '…' : duration(e.durationMs)}</td>
                <td><a class="mono" href={href(['executions', e.id])}>{e.id.slice(0, 8)}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        <Button disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>← Newer</Button>
        <span class="muted">page {cursors.length + 1}</span>
        <Button disabled={!page.data?.nextCursor || endsHere} onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}>Older →</Button>
      </div>
    </Panel>
  );
}
