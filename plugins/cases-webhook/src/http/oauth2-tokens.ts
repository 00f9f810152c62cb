import { createHash } from 'node:crypto';
import { bodyExcerpt, error, isSuccess, retryFor, RelayflowError, type HttpClient, type TlsOptions } from '@relayflow/sdk';
import { OperationFailed } from './operation-failed';
import type { OAuthSettings } from './request-auth';

/** Seconds taken off a token's lifetime so it is not used at the edge of expiry. */
const EXPIRY_MARGIN_S = 30;

interface CachedToken {
  token: string;
  /** ms since epoch; undefined when the server gave no expires_in (then kept until a 401). */
  expiresAt?: number;
}

/**
 * OAuth2 client-credentials tokens, cached per (token URL, client, scope, secret) until they
 * expire. Concurrent pushes share one token request. Tokens live in memory only.
 */
export class OAuth2Tokens {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  /**
   * A valid access token, fetched through the egress client when none is cached.
   * @param refresh - drop the cached token first (after a 401)
   * @throws OperationFailed when the token endpoint refuses or answers without a token
   */
  async token(settings: OAuthSettings, http: HttpClient, signal: AbortSignal, tls: TlsOptions | undefined, refresh = false): Promise<string> {
    const key = cacheKey(settings);
    if (refresh) this.tokens.delete(key);
    const cached = this.tokens.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > Date.now())) return cached.token;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = fetchToken(settings, http, signal, tls).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    const fresh = await pending;
    this.tokens.set(key, fresh);
    return fresh.token;
  }

  /** Forgets every cached token (tests). */
  clear(): void {
    this.tokens.clear();
  }
}

/** The process-wide token cache. */
export const oauth2Tokens = new OAuth2Tokens();

async function fetchToken(settings: OAuthSettings, http: HttpClient, signal: AbortSignal, tls: TlsOptions | undefined): Promise<CachedToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret });
  if (settings.scope) form.set('scope', settings.scope);
  for (const [k, v] of Object.entries(settings.additionalFields)) form.set(k, v);
  const what = `error getting an OAuth2 access token from ${settings.accessTokenUrl}`;
  let res;
  try {
    res = await http.request({
      method: 'POST', url: settings.accessTokenUrl, data: form.toString(), signal, tls,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    });
  } catch (err) {
    throw new OperationFailed(error({ message: `${what}: ${(err as Error).message}`, retry: retryableCode(err) }));
  }
  if (!isSuccess(res)) {
    const excerpt = bodyExcerpt(res.data);
    throw new OperationFailed(error({ message: `${what}: ${res.status} ${res.statusText}${excerpt ? ` — ${excerpt}` : ''}`, serviceMessage: excerpt || undefined, retry: retryFor(res) }));
  }
  const data = res.data as { access_token?: unknown; expires_in?: unknown } | undefined;
  if (!data || typeof data !== 'object' || typeof data.access_token !== 'string' || data.access_token === '') {
    throw new OperationFailed(error({ message: `${what}: the response (${res.status}, ${res.headers['content-type'] ?? 'no content type'}) has no access_token`, retry: false }));
  }
  const expiresIn = Number(data.expires_in);
  return {
    token: data.access_token,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + (expiresIn - Math.min(EXPIRY_MARGIN_S, expiresIn / 2)) * 1000 : undefined,
  };
}

function cacheKey(s: OAuthSettings): string {
  return createHash('sha256').update(JSON.stringify([s.accessTokenUrl, s.clientId, s.scope ?? '', s.additionalFields, s.clientSecret])).digest('hex');
}

/** Whether an error thrown by the egress client is worth retrying (nothing came back). */
export function retryableCode(err: unknown): boolean {
  return RelayflowError.is(err) && (err.code === 'NETWORK_ERROR' || err.code === 'HTTP_TIMEOUT');
}
