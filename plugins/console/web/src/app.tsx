import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { href, useRoute } from './router';
import { can, signIn, signOut, storedKey, type Session } from './session';
import { Badge, Button, Loading } from './ui';
import { SignInPage } from './pages/sign-in-page';
import { ExecutionsPage } from './pages/executions-page';
import { ExecutionPage } from './pages/execution-page';
import { WorkflowsPage } from './pages/workflows-page';
import { WorkflowEditorPage } from './pages/workflow-editor-page';
import { ConnectorsPage } from './pages/connectors-page';
import { ConnectorPage } from './pages/connector-page';

/** The console: sign-in, then the pages the key's scopes allow. */
export function App(): JSX.Element {
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [restoring, setRestoring] = useState(() => storedKey() !== undefined);
  const [expired, setExpired] = useState(false);
  const route = useRoute();

  const unauthorized = (): void => {
    signOut();
    setSession(undefined);
    setExpired(true);
  };
  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key, unauthorized).then(setSession, () => signOut()).finally(() => setRestoring(false));
  }, []);

  if (restoring) return <Loading />;
  if (!session) return <SignInPage expired={expired} onSignedIn={(s) => { setExpired(false); setSession(s); }} unauthorized={unauthorized} />;
  if (!can(session, 'read')) {
    return (
      <main class="signin">
        <p class="notice notice-bad" role="alert">The key “{session.name}” has the scopes {session.scopes.join(', ') || 'none'}: the console needs a key with the <b>read</b> scope.</p>
        <Button onClick={() => { signOut(); setSession(undefined); }}>Sign out</Button>
      </main>
    );
  }
  const [section, id, sub] = route;
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={href(['executions'])}>Relayflow</a>
        <nav>
          {(['executions', 'workflows', 'connectors'] as const).map((s) => (
            <a href={href([s])} class={section === s ? 'active' : ''}>{s[0].toUpperCase() + s.slice(1)}</a>
          ))}
        </nav>
        <div class="who">
          <span title="the API key this tab signed in with">{session.name}</span>
          {session.scopes.map((s) => <Badge tone={s === 'admin' ? 'warn' : 'info'}>{s}</Badge>)}
          {!can(session, 'admin') ? <Badge tone="muted" title="this key cannot change anything">read-only</Badge> : null}
          <Button onClick={() => { signOut(); setSession(undefined); }}>Sign out</Button>
        </div>
      </header>
      <main class="content">{page(session, section, id, sub)}</main>
    </div>
  );
}

function page(session: Session, section: string, id: string | undefined, sub: string | undefined): JSX.Element {
  if (section === 'executions') return id ? <ExecutionPage session={session} id={id} /> : <ExecutionsPage />;
  if (section === 'workflows') {
    if (id === undefined) return <WorkflowsPage session={session} />;
    return <WorkflowEditorPage session={session} id={id === '_new' ? undefined : id} key={id} />;
  }
  if (section === 'connectors') {
    if (id === undefined) return <ConnectorsPage session={session} />;
    return <ConnectorPage session={session} id={id === '_new' ? undefined : id} type={sub} key={`${id}/${sub}`} />;
  }
  return <p>Nothing here. <a href={href(['executions'])}>Executions</a></p>;
}
