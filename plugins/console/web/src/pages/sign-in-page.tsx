import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { signIn, type Session } from '../session';
import { Button, ErrorNotice, Field, Notice } from '../ui';

/** Sign-in with an API key, kept for this tab only. */
export function SignInPage({ onSignedIn, unauthorized, expired }: { onSignedIn: (s: Session) => void; unauthorized: () => void; expired: boolean }): JSX.Element {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(key.trim(), unauthorized));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Relayflow</h1>
      <form class="panel" onSubmit={(e) => void submit(e)}>
        {expired ? <Notice tone="bad">The key stopped working (revoked?): sign in again.</Notice> : null}
        <Field label="API key" hint={<>Make one with <code>relayflow apikeys create --name me --scopes read,run,admin</code>. It is kept for this tab only.</>}>
          <input name="apiKey" type="password" autocomplete="off" spellcheck={false} value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
        </Field>
        <ErrorNotice error={error} />
        <Button kind="primary" type="submit" disabled={busy || !key.trim()}>Sign in</Button>
      </form>
    </main>
  );
}
