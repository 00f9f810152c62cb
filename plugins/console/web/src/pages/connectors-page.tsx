import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { usePoll } from '../poll';
import { go, href } from '../router';
import { can, type Session } from '../session';
import type { Connector, ConnectorTypeInfo } from '../types';
import { Badge, Button, ErrorNotice, Loading, Panel } from '../ui';

/** Connectors (never a secret: the API has none to give), and a new one of a chosen type (admin). */
export function ConnectorsPage({ session }: { session: Session }): JSX.Element {
  const list = usePoll<Connector[]>('/api/connectors', 5000);
  const types = usePoll<ConnectorTypeInfo[]>('/api/connector_types', 0);
  const [type, setType] = useState('');
  const admin = can(session, 'admin');
  return (
    <Panel
      title="Connectors"
      actions={admin && types.data ? (
        <form class="inline" onSubmit={(e) => { e.preventDefault(); if (type) go(['connectors', '_new', type]); }}>
          <select name="newType" value={type} onChange={(e) => setType(e.currentTarget.value)} aria-label="type of the new connector">
            <option value="">type…</option>
            {types.data.map((t) => <option value={t.id}>{t.name} ({t.id})</option>)}
          </select>
          <Button kind="primary" type="submit" disabled={!type}>New connector</Button>
        </form>
      ) : null}
    >
      <ErrorNotice error={list.error ?? types.error} />
      {!list.data ? <Loading /> : (
        <table class="table" data-testid="connectors">
          <thead><tr><th>Name</th><th>Type</th><th>Id</th><th /></tr></thead>
          <tbody>
            {list.data.length === 0 ? <tr><td colSpan={4} class="muted">No connectors yet.</td></tr> : null}
            {list.data.map((c) => (
              <tr key={c.id} data-connector={c.name}>
                <td><a href={href(['connectors', c.id])}>{c.name}</a></td>
                <td>{c.type}</td>
                <td class="mono">{c.id}</td>
                <td>{c.isPreconfigured ? <Badge title="from relayflow.yaml: change it there">preconfigured</Badge> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
