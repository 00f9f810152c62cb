/**
 * The console's small design system: buttons, badges, fields, notices and panels, styled by
 * styles.css (one set of colours and spacings). Plain components: no component library, so the
 * first load stays small.
 */
import type { ButtonHTMLAttributes, ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from './api';
import { json } from './format';

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { kind?: 'primary' | 'danger' | 'plain'; type?: 'button' | 'submit' };

export function Button({ kind = 'plain', type = 'button', class: cls, ...rest }: ButtonProps): JSX.Element {
  return <button type={type} class={`btn btn-${kind} ${cls ?? ''}`} {...rest} />;
}

const STATUS_TONE: Record<string, string> = {
  completed: 'ok', ok: 'ok', running: 'info', failed: 'bad', error: 'bad', cancelled: 'muted', timed_out: 'bad', skipped: 'muted',
};

export function StatusBadge({ status }: { status: string }): JSX.Element {
  return <span class={`badge tone-${STATUS_TONE[status] ?? 'muted'}`} data-status={status}>{status.replace('_', ' ')}</span>;
}

export function Badge({ children, tone = 'muted', title }: { children: ComponentChildren; tone?: string; title?: string }): JSX.Element {
  return <span class={`badge tone-${tone}`} title={title}>{children}</span>;
}

export function Field({ label, hint, children }: { label: string; hint?: ComponentChildren; children: ComponentChildren }): JSX.Element {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {hint ? <span class="field-hint">{hint}</span> : null}
    </label>
  );
}

/** An API error, with its located problems. */
export function ErrorNotice({ error }: { error: ApiError | Error | undefined }): JSX.Element | null {
  if (!error) return null;
  const problems = 'problems' in error ? error.problems : [];
  return (
    <div class="notice notice-bad" role="alert">
      <strong>{'code' in error ? `${error.code}: ` : ''}</strong>{error.message}
      {problems.length ? <ul>{problems.map((p) => <li>{p.line ? `line ${p.line}:${p.column ?? 1} ` : p.path ? `${p.path}: ` : ''}{p.message}</li>)}</ul> : null}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'ok' | 'bad'; children: ComponentChildren }): JSX.Element {
  return <div class={`notice notice-${tone}`} role="status">{children}</div>;
}

export function Panel({ title, actions, children }: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }): JSX.Element {
  return (
    <section class="panel">
      {title || actions ? <header class="panel-head"><h2>{title}</h2><div class="actions">{actions}</div></header> : null}
      {children}
    </section>
  );
}

/** A JSON value, pretty-printed. */
export function JsonView({ value, label }: { value: unknown; label?: string }): JSX.Element {
  return <pre class="json" aria-label={label}>{json(value)}</pre>;
}

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({ text, label = 'Copy as JSON' }: { text: () => string; label?: string }): JSX.Element {
  const [done, setDone] = useState(false);
  const copy = async (): Promise<void> => {
    const value = text();
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Without clipboard permission (plain http on another host): select a hidden text area and copy it.
      const area = document.createElement('textarea');
      area.value = value;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return <Button onClick={() => void copy()}>{done ? 'Copied' : label}</Button>;
}

export function Loading(): JSX.Element {
  return <p class="muted">Loading…</p>;
}
