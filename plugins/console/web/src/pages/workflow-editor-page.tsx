import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, seg, type Problem } from '../api';
import { time } from '../format';
import { go, href, rename } from '../router';
import { can, type Session } from '../session';
import type { JsonSchema, StoredWorkflow } from '../types';
import { Button, ErrorNotice, Loading, Notice, Panel } from '../ui';
import { triggerText } from './workflows-page';

type Kit = typeof import('../editor/editor-kit');
type View = import('@codemirror/view').EditorView;

const NEW_WORKFLOW = `name: my-workflow
description: what it does
triggers:
  - type: webhook
steps:
  - name: greet
    type: console
    with:
      message: "hello {{ event.who }}"
`;

/**
 * A stored workflow's YAML in an editor (loaded lazily): the server's validation problems as
 * markers while typing, completion from the workflow JSON Schema, deploy as a new version
 * (admin), the diff against the deployed version, and "run with this event" (run; an undeployed
 * draft runs as unsaved YAML, which needs admin).
 */
export function WorkflowEditorPage({ session, id }: { session: Session; id: string | undefined }): JSX.Element {
  const admin = can(session, 'admin');
  const [kit, setKit] = useState<Kit | undefined>(undefined);
  const [schema, setSchema] = useState<JsonSchema | undefined>(undefined);
  const [deployed, setDeployed] = useState<StoredWorkflow | undefined>(undefined);
  const [text, setText] = useState<string | undefined>(id ? undefined : NEW_WORKFLOW);
  const [problems, setProblems] = useState<Problem[] | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [showDiff, setShowDiff] = useState(false);
  const [busy, setBusy] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<View | undefined>(undefined);

  useEffect(() => {
    import('../editor/editor-kit').then(setKit, (err: Error) => setError(new ApiError(0, 'LOAD', `the editor did not load: ${err.message}`)));
    api<JsonSchema>('GET', '/api/workflow_schema').then(setSchema, () => setSchema({}));
    if (id) {
      api<StoredWorkflow>('GET', `/api/workflows/${seg(id)}`).then((w) => { setDeployed(w); setText(w.yaml ?? ''); }, setError);
    }
  }, [id]);

  useEffect(() => {
    if (!kit || schema === undefined || text === undefined || !host.current || view.current) return;
    view.current = kit.createYamlEditor(host.current, {
      doc: text,
      readOnly: !admin,
      schema,
      validate: async (yaml) => (await api<{ problems: Problem[] }>('POST', '/api/workflows/validate', { yaml })).problems,
      onChange: setText,
      onProblems: setProblems,
    });
    return undefined;
  }, [kit, schema, text === undefined]);
  useEffect(() => () => view.current?.destroy(), []);

  const deploy = async (): Promise<void> => {
    if (text === undefined) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const stored = deployed
        ? await api<StoredWorkflow>('PUT', `/api/workflows/${seg(deployed.id)}`, { yaml: text })
        : await api<StoredWorkflow>('POST', '/api/workflows', { yaml: text });
      setDeployed({ ...stored, yaml: text });
      setNotice(`Deployed ${stored.name} v${stored.version}.`);
      if (!deployed) rename(['workflows', stored.id]);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const changed = deployed ? text !== deployed.yaml : true;
  const errors = problems?.filter((p) => p.severity !== 'warning') ?? [];
  return (
    <>
      <Panel
        title={<><a href={href(['workflows'])}>Workflows</a> / {deployed ? <>{deployed.name} <span class="muted">v{deployed.version}</span></> : 'new workflow'}</>}
        actions={<>
          {deployed ? <Button onClick={() => setShowDiff(!showDiff)} aria-pressed={showDiff}>{showDiff ? 'Hide diff' : 'Diff against deployed'}</Button> : null}
          {admin ? <Button kind="primary" disabled={busy || !changed || errors.length > 0} onClick={() => void deploy()}>{deployed ? 'Deploy as new version' : 'Deploy'}</Button> : null}
        </>}
      >
        {deployed ? <p class="muted">Triggers: {deployed.triggers.map(triggerText).join(', ') || 'manual only'} · {deployed.enabled ? 'enabled' : 'disabled'} · updated {time(deployed.updatedAt)}</p> : null}
        {!admin ? <Notice>This key cannot change workflows: the editor is read-only.</Notice> : null}
        <p class="validation" data-testid="validation" aria-live="polite">
          {problems === undefined ? 'checking…' : errors.length ? `${errors.length} problem${errors.length > 1 ? 's' : ''}` : changed && deployed ? 'valid · not deployed' : 'valid'}
        </p>
        {notice ? <Notice tone="ok">{notice}</Notice> : null}
        <ErrorNotice error={error} />
        {!kit || text === undefined ? <Loading /> : null}
        <div class="editor" ref={host} data-testid="yaml-editor" />
        {problems?.length ? (
          <ul class="problems" data-testid="problems">
            {problems.map((p) => <li class={p.severity === 'warning' ? 'warning' : 'error'}><span class="mono">{p.line ? `${p.line}:${p.column ?? 1}` : p.path ?? ''}</span> {p.message}</li>)}
          </ul>
        ) : null}
        {showDiff && deployed && kit && text !== undefined ? <Diff kit={kit} before={deployed.yaml ?? ''} after={text} /> : null}
      </Panel>
      {kit && (deployed || admin) ? <RunPanel kit={kit} session={session} deployed={deployed} text={text} changed={changed} /> : null}
    </>
  );
}

function Diff({ kit, before, after }: { kit: Kit; before: string; after: string }): JSX.Element {
  const lines = kit.lineDiff(before, after);
  if (lines.every((l) => l.kind === 'same')) return <p class="muted" data-testid="diff">No change from the deployed version.</p>;
  return (
    <pre class="diff" data-testid="diff">
      {lines.map((l) => <div class={`diff-${l.kind}`}>{l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  '}{l.text}</div>)}
    </pre>
  );
}

function RunPanel({ kit, session, deployed, text, changed }: { kit: Kit; session: Session; deployed?: StoredWorkflow; text?: string; changed: boolean }): JSX.Element | null {
  const host = useRef<HTMLDivElement>(null);
  const event = useRef('{\n  "who": "world"\n}\n');
  const [error, setError] = useState<ApiError | Error | undefined>(undefined);
  useEffect(() => {
    if (!host.current) return;
    const v = kit.createJsonEditor(host.current, event.current, (t) => { event.current = t; });
    return () => v.destroy();
  }, [kit]);
  // The deployed version runs with `run`; a draft that differs runs as unsaved YAML (admin).
  const draft = changed || !deployed;
  const allowed = can(session, draft ? 'admin' : 'run');
  if (!can(session, 'run') && !can(session, 'admin')) return null;
  const run = async (): Promise<void> => {
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.current);
    } catch (err) {
      setError(new Error(`the event is not JSON: ${(err as Error).message}`));
      return;
    }
    try {
      const started = draft
        ? await api<{ executionId: string }>('POST', '/api/workflows/run', { yaml: text, event: parsed })
        : await api<{ executionId: string }>('POST', `/api/workflows/${seg(deployed!.id)}/run`, { event: parsed });
      go(['executions', started.executionId]);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Panel title="Run with this event" actions={<Button kind="primary" disabled={!allowed} onClick={() => void run()}>{draft ? 'Run this draft' : 'Run deployed version'}</Button>}>
      {!allowed ? <Notice>Running an undeployed draft needs the admin scope: deploy it first.</Notice> : null}
      <div class="editor editor-small" ref={host} data-testid="event-editor" />
      <ErrorNotice error={error} />
    </Panel>
  );
}
