import { api, useKey, type Scope } from './api';

/** Who is signed in: the key's name and scopes (from GET /api/me). */
export interface Session {
  key: string;
  name: string;
  scopes: Scope[];
}

const STORAGE = 'relayflow.console.apiKey';

/**
 * Checks a key with `GET /api/me` and keeps it for this tab only (sessionStorage: gone when the
 * tab closes, never shared with other tabs, never a cookie the browser would send by itself).
 * @throws ApiError 401 for a wrong key
 */
export async function signIn(key: string, unauthorized: () => void): Promise<Session> {
  // A wrong key is answered here, as an error; only a key that worked and then stops signs the tab out.
  useKey(key);
  try {
    const me = await api<{ apiKey: { name: string; scopes: Scope[] } }>('GET', '/api/me');
    sessionStorage.setItem(STORAGE, key);
    useKey(key, unauthorized);
    return { key, name: me.apiKey.name, scopes: me.apiKey.scopes };
  } catch (err) {
    useKey(undefined);
    throw err;
  }
}

/** The key this tab signed in with, if any. */
export function storedKey(): string | undefined {
  return sessionStorage.getItem(STORAGE) ?? undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE);
  useKey(undefined);
}

/** What a session may do: the UI shows only that (the API enforces it anyway). */
export function can(session: Session, scope: Scope): boolean {
  return session.scopes.includes(scope);
}
