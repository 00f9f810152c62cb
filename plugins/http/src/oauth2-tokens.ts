import {
  describeResponse, error, isSuccess, requestErrorResult, retryFor, type ActionError, type HttpClient, type TlsOptions,
} from '@relayflow/sdk';
import type { OAuth2Settings } from './connector-auth';

/** An access token as sent: `Authorization: <header>`. */
export interface AccessToken {
  header: string;
  /** The bare token, to redact from what comes back. */
  value: string;
  /** When it stops being used (ms since epoch); Infinity when the server gave no lifetime. */
  expiresAt: number;
}

/** Tokens are dropped this long before they expire (or a tenth of their lifetime, if shorter). */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * OAuth2 client-credentials tokens, cached in memory per connector settings until they expire.
 * Concurrent requests for the same connector share one token request. The token request goes
 * through the egress client like any other (allowed hosts, TLS, proxy, limits).
 */
export class OAuth2Tokens {
  private readonly cache = new Map<string, AccessToken>();
  private readonly pending = new Map<string, Promise<AccessToken | ActionError>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A valid token: the cached one, or a new one from the token endpoint. */
  get(settings: OAuth2Settings, http: HttpClient, signal: AbortSignal, tls: TlsOptions | undefined): Promise<AccessToken | ActionError> {
    const cached = this.cache.get(settings.cacheKey);
    if (cached && cached.expiresAt > this.now()) return Promise.resolve(cached);
    let request = this.pending.get(settings.cacheKey);
    if (!request) {
      request = this.fetch(settings, http, signal, tls).finally(() => this.pending.delete(settings.cacheKey));
      this.pending.set(settings.cacheKey, request);
    }
    return request;
  }

  /** Forgets `token` (the service refused it), unless a newer one already replaced it. */
  invalidate(settings: OAuth2Settings, token: AccessToken): void {
    if (this.cache.get(settings.cacheKey) === token) this.cache.delete(settings.cacheKey);
  }

  private async fetch(settings: OAuth2Settings, http: HttpClient, signal: AbortSignal, tls: TlsOptions | undefined): Promise<AccessToken | ActionError> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret });
    if (settings.scope) form.set('scope', settings.scope);
    for (const [key, value] of Object.entries(settings.additionalFields)) {
      if (value !== undefined && value !== null) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const what = 'could not get an OAuth2 access token';
    let res;
    try {
      res = await http.request({ method: 'POST', url: settings.accessTokenUrl, data: form, headers: { Accept: 'application/json' }, signal, tls });
    } catch (err) {
      return requestErrorResult(err, what);
    }
    if (!isSuccess(res)) {
      return error({ message: `${what}: the token endpoint answered ${describeResponse(res)}`, retry: retryFor(res), details: { tokenStatus: res.status } });
    }
    const body = tokenBody(res.data);
    const value = body.access_token;
    if (typeof value !== 'string' || value === '') {
      return error({ message: `${what}: the token endpoint's answer has no access_token`, retry: false });
    }
    const type = typeof body.token_type === 'string' && body.token_type ? body.token_type : 'Bearer';
    const lifetimeMs = Number(body.expires_in) * 1000;
    const expiresAt = Number.isFinite(lifetimeMs) && lifetimeMs > 0
      ? this.now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10)
      : Number.POSITIVE_INFINITY;
    const token: AccessToken = { header: `${type.toLowerCase() === 'bearer' ? 'Bearer' : type} ${value}`, value, expiresAt };
    this.cache.set(settings.cacheKey, token);
    return token;
  }
}

function tokenBody(data: unknown): Record<string, unknown> {
  if (data && typeof data === 'object' && !Buffer.isBuffer(data)) return data as Record<string, unknown>;
  if (typeof data === 'string') {
    const text = data.trim();
    if (text.startsWith('{')) {
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return {};
      }
    }
    return Object.fromEntries(new URLSearchParams(text));
  }
  return {};
}

/** True when `value` is a token rather than an error result. */
export function isToken(value: AccessToken | ActionError): value is AccessToken {
  return (value as AccessToken).header !== undefined;
}
