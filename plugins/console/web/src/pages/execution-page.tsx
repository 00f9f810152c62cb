import type { JSX } from 'preact';
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, seg } from '../api';
import { between, duration, json, time } from '../format';
import { usePoll } from '../poll';
import { go, href } from '../router';
import { can, type Session } from '../session';
import { buildTimeline, flatten, type TimelineNode } from '../timeline';
import type { ExecutionRecord, StepRecord } from '../types';
import { Button, CopyButton, ErrorNotice, JsonView, Loading, Panel, StatusBadge } from '../ui';

const KNOWN = new Set(['name', 'type', 'stepId', 'status', 'attempts', 'startedAt', 'finishedAt', 'output', 'error', 'foreachIndex', 'params']);

/**
 * One execution: its header, cancel and re-run (for keys with `run`), copy as JSON, and the step
 * timeline (nested if/foreach/fallback steps, bars on one time axis, attempts, each step's params
 * as recorded, output and error). Polled every second while it runs.
 */
export function ExecutionPage({ session, id }: { session: Session; id: string }): JSX.Element {
  const [pollMs, setPollMs] = useState(1000);
  const polled = usePoll<ExecutionRecord>(`/api/executions/${seg(id)}`, pollMs);
  const record = polled.data;
  useEffect(() => { if (record && record.status !== "running") setPollMs(0); }, [record?.status]);
  if (!record && polled.error) return <Panel title="Execution"><ErrorNotice error={polled.error} /></Panel>;
  if (!record) return <Loading />;
  return (
    <>
      <Panel
        title={<><a href={href(['executions'])}>Executions</a> / {record.workflow.name} <StatusBadge status={record.status} /></>}
        actions={<ExecutionActions session={session} record={record} refresh={() => { setPollMs(1000); polled.refresh(); }} />}
      >
        <dl class="facts">
          <dt>Id</dt><dd class="mono">{record.id}</dd>
          <dt>Workflow</dt><dd>{record.workflowVersion ? <a href={href(['workflows', record.workflow.id])}>{record.workflow.name} v{record.workflowVersion}</a> : `${record.workflow.name} (unsaved YAML)`}</dd>
          <dt>Trigger</dt><dd>{record.trigger ? `${record.trigger.type} at ${time(record.trigger.at)}` : 'manual'}</dd>
          <dt>Started</dt><dd>{time(record.startedAt)}</dd>
          <dt>Duration</dt><dd>{record.status === 'running' ? 'running…' : duration(record.durationMs)}</dd>
        </dl>
        {record.error ? <div class="notice notice-bad"><b>{record.error.type}</b>: {record.error.message}</div> : null}
        <ErrorNotice error={polled.error} />
      </Panel>
      <Panel title={`Steps (${record.steps.length})`}>
        <Timeline record={record} />
      </Panel>
    </>
  );
}

function ExecutionActions({ session, record, refresh }: { session: Session; record: ExecutionRecord; refresh: () => void }): JSX.Element {
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const act = async (what: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try { await what(); } catch (err) { setError(err as ApiError); } finally { setBusy(false); }
  };
  const cancel = (): Promise<void> => act(async () => {
    await api('POST', `/api/executions/${seg(record.id)}/cancel`);
    refresh();
  });
  // A stored workflow runs again with the same event and inputs (its latest version, as a manual
  // run: `run`); unsaved YAML runs again as it was (that needs `admin`).
  const stored = record.workflowVersion !== undefined;
  const rerun = (): Promise<void> => act(async () => {
    const input = await api<{ yaml: string; event: unknown; inputs: Record<string, unknown> }>('GET', `/api/executions/${seg(record.id)}/input`);
    const body = { event: input.event, inputs: input.inputs };
    const started = stored
      ? await api<{ executionId: string }>('POST', `/api/workflows/${seg(record.workflow.id)}/run`, body)
      : await api<{ executionId: string }>('POST', '/api/workflows/run', { yaml: input.yaml, ...body });
    go(['executions', started.executionId]);
  });
  return (
    <>
      <CopyButton text={() => json(record)} />
      {can(session, 'run') && record.status === 'running' ? <Button kind="danger" disabled={busy} onClick={() => void cancel()}>Cancel</Button> : null}
      {can(session, stored ? 'run' : 'admin') ? <Button kind="primary" disabled={busy} onClick={() => void rerun()} title="run again with the same event and inputs">Re-run</Button> : null}
      <ErrorNotice error={error} />
    </>
  );
}

function Timeline({ record }: { record: ExecutionRecord }): JSX.Element {
  const nodes = flatten(buildTimeline(record.steps));
  const start = Date.parse(record.startedAt);
  const end = Math.max(start + 1, ...record.steps.map((s) => Date.parse(s.finishedAt ?? new Date().toISOString())), record.finishedAt ? Date.parse(record.finishedAt) : 0);
  const [open, setOpen] = useState<Set<number>>(new Set());
  if (!nodes.length) return <p class="muted">No step has run yet.</p>;
  const toggle = (i: number): void => {
    const next = new Set(open);
    if (next.has(i)) next.delete(i); else next.add(i);
    setOpen(next);
  };
  return (
    <ol class="timeline" data-testid="timeline">
      {nodes.map((node, i) => (
        <li class={`step depth-${Math.min(node.depth, 6)}`} style={{ '--depth': node.depth }} data-step={node.step.name} data-step-id={node.step.stepId}>
          <button type="button" class="step-row" aria-expanded={open.has(i)} onClick={() => toggle(i)}>
            <span class="step-name">{node.tag ? <span class="tag">{node.tag}</span> : null}{node.step.name}<span class="muted"> {node.step.type}</span></span>
            <StatusBadge status={node.step.status} />
            <span class="bar-track"><span class={`bar bar-${node.step.status}`} style={barStyle(node, start, end)} /></span>
            <span class="step-time">{node.step.status === 'running' ? 'running…' : duration(between(node.step.startedAt, node.step.finishedAt))}</span>
            <span class="step-attempts">{attempts(node.step)}</span>
          </button>
          {open.has(i) ? <StepDetail step={node.step} /> : null}
        </li>
      ))}
    </ol>
  );
}

function barStyle(node: TimelineNode, start: number, end: number): Record<string, string> {
  const from = Date.parse(node.step.startedAt) - start;
  const to = (node.step.finishedAt ? Date.parse(node.step.finishedAt) : Date.now()) - start;
  const span = end - start;
  return { left: `${(100 * from) / span}%`, width: `${Math.max(0.5, (100 * (to - from)) / span)}%` };
}

function attempts(step: StepRecord): string {
  if (step.attempts <= 1) return '';
  return `${step.attempts} attempts`;
}

function StepDetail({ step }: { step: StepRecord }): JSX.Element {
  const more = Object.fromEntries(Object.entries(step).filter(([k]) => !KNOWN.has(k)));
  return (
    <div class="step-detail">
      <dl class="facts">
        <dt>Step id</dt><dd class="mono">{step.stepId ?? '—'}</dd>
        <dt>Started</dt><dd>{time(step.startedAt)}</dd>
        <dt>Finished</dt><dd>{time(step.finishedAt)}</dd>
        <dt>Attempts</dt><dd>{step.attempts}{step.attempts > 1 ? ' (the duration includes the waits between retries)' : ''}</dd>
      </dl>
      <h3>Params</h3>
      {step.params !== undefined ? <JsonView value={step.params} label="params" /> : <p class="muted">Not in the record (this record keeps no rendered params).</p>}
      <h3>Output</h3>
      <JsonView value={step.output} label="output" />
      {step.error ? <><h3>Error</h3><JsonView value={step.error} label="error" /></> : null}
      {Object.keys(more).length ? <><h3>More</h3><JsonView value={more} /></> : null}
    </div>
  );
}
