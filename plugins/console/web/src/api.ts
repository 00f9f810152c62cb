/**
 * The console's only way to the server: the public REST API (contract §9), with the API key of
 * this tab. GETs can be conditional (ETag / If-None-Match): a poll whose answer did not change
 * costs a 304 and no re-render.
 */

/** An error answer of the API: `{"error": {"code", "message", "problems"?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** One located problem (validation). */
export interface Problem {
  line?: number;
  column?: number;
  path?: string;
  code?: string;
  message: string;
  severity?: 'error' | 'warning';
}

export type Scope = 'read' | 'run' | 'admin';

let apiKey: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Sets the key sent with every request (undefined: none), and what to do when it stops working. */
export function useKey(key: string | undefined, unauthorized?: () => void): void {
  apiKey = key;
  onUnauthorized = unauthorized;
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = {
    method,
    cache: 'no-store',
    credentials: 'omit',
    headers: {
      ...(apiKey ? { authorization: `ApiKey ${apiKey}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `the server did not answer (${(err as Error).message})`);
  }
  if (response.status === 401 && onUnauthorized) onUnauthorized();
  return response;
}

async function failure(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string; problems?: Problem[] } };
    return new ApiError(response.status, error.code, error.message, error.problems ?? []);
  } catch {
    return new ApiError(response.status, 'HTTP_' + response.status, text.slice(0, 200) || response.statusText);
  }
}

/** Sends a request and returns the JSON answer (undefined for 204). @throws ApiError */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A conditional GET: `changed: false` when the server answered 304 to the ETag given. */
export async function getIfChanged<T>(path: string, etag: string | undefined): Promise<{ changed: true; data: T; etag?: string } | { changed: false }> {
  const response = await send('GET', path, undefined, etag ? { 'if-none-match': etag } : {});
  if (response.status === 304) return { changed: false };
  if (!response.ok) throw await failure(response);
  return { changed: true, data: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
}

/** A query string of the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string | number]>;
  return entries.length ? '?' + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&') : '';
}

/** A path segment, encoded. */
export const seg = encodeURIComponent;
