import { createHash } from 'node:crypto';
import { error, type ActionError } from '../contracts/action-result';
import type { HttpResponse, TlsOptions } from '../contracts/http-client';
import { RelayflowError } from '../errors/relayflow-error';
import { redact, secretValuesOf } from '../secrets/redaction';
import type { HttpClient } from '../contracts/http-client';
import { hostWithPort } from './host-policy';
import { describeResponse, isSuccess, requestErrorResult, retryFor, serviceMessageOf } from './response-classification';

/**
 * What an OAuth2 client-credentials token request needs. Treat a settings object as immutable:
 * its cache key is computed once per object.
 */
export interface OAuth2ClientCredentials {
  /** The token endpoint (absolute http(s) URL); the request goes through the egress client. */
  accessTokenUrl: string;
  /** Sent as `client_id`. */
  clientId: string;
  /**
   * Sent as `client_secret` in the form body (not as HTTP Basic); never shown in a message or
   * used as a cache key in clear.
   */
  clientSecret: string;
  /** Sent as `scope` when set. */
  scope?: string;
  /**
   * Extra form fields (e.g. `audience`), sent after the standard ones (a field of the same name
   * replaces it). Strings go as-is, other values as JSON; null and undefined are left out.
   */
  additionalFields?: Readonly<Record<string, unknown>>;
}

/** An access token, ready to send as `Authorization: <header>`. */
export interface OAuth2AccessToken {
  /** `Bearer <token>`, or `<token_type> <token>` when the server names another type. */
  readonly header: string;
  /** The bare token, to redact from what a service echoes back. Never log it. */
  readonly value: string;
  /**
   * When the cache stops handing it out (ms since epoch): the server's `expires_in` less
   * min(30 s, a tenth of the lifetime); `Infinity` when the server gave no lifetime (then it is
   * kept until {@link OAuth2TokenCache.invalidate} drops it, typically after a 401).
   */
  readonly expiresAt: number;
}

/** How one caller waits for a token. */
export interface OAuth2TokenRequestOptions {
  /**
   * The caller's signal (a step's): aborting it ends this caller's wait with an `HTTP_ABORTED`
   * error result. It never aborts the token request other callers share, which is bounded by
   * `networking.responseTimeout` instead.
   */
  signal?: AbortSignal;
  /** TLS options for the token endpoint (e.g. the connector's CA and verification mode). */
  tls?: TlsOptions;
}

/** The longest a token is dropped before its stated expiry. */
const MAX_EXPIRY_MARGIN_MS = 30_000;

interface Entry {
  token?: OAuth2AccessToken;
  pending?: Promise<OAuth2AccessToken | ActionError>;
}

const keys = new WeakMap<OAuth2ClientCredentials, string>();

/**
 * OAuth2 client-credentials access tokens (RFC 6749 §4.4), fetched through the egress client and
 * cached in memory until they expire. Keep one cache where its lifetime makes sense (one per
 * connector type instance, made in the plugin's `setup`), not one per process: tokens then never
 * cross Relayflow instances.
 *
 * - Cached per settings, keyed by a SHA-256 digest of all of them (the secret never in clear).
 * - Concurrent callers share one token request. A caller's own signal only ends its own wait.
 * - Token responses may be JSON or form-encoded (`access_token=...&token_type=...`).
 * - A failed token request is an error result, not a rejection: the message names the token endpoint (without
 *   credentials, query or fragment), the status and a short excerpt of the answer, never the
 *   client secret or a token; `retry` follows {@link retryFor} and {@link requestErrorResult}.
 *
 * @example
 * ```ts
 * const token = await tokens.get(settings, ctx.http, { signal: ctx.signal, tls });
 * if (isActionResult(token)) return token;                     // the token request failed
 * let res = await ctx.http.request({ ..., headers: { Authorization: token.header } });
 * if (res.status === 401) tokens.invalidate(settings, token);  // then get() a fresh one, retry once
 * ```
 */
export class OAuth2TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  /** @param options.now - the clock (ms since epoch), for tests */
  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /**
   * A valid token for `settings`: the cached one, else one from the token endpoint (joining a
   * request already under way for the same settings).
   * @returns the token, or an error result saying why none could be had (never rejects for a
   *   remote failure or an abort)
   */
  get(settings: OAuth2ClientCredentials, http: HttpClient, options: OAuth2TokenRequestOptions = {}): Promise<OAuth2AccessToken | ActionError> {
    const key = cacheKeyOf(settings);
    let entry = this.entries.get(key);
    if (entry?.token && entry.token.expiresAt > this.now()) return Promise.resolve(entry.token);
    const { signal } = options;
    if (signal?.aborted) return Promise.resolve(aborted(settings));
    let pending = entry?.pending;
    if (!pending) {
      this.sweep();
      entry = {};
      this.entries.set(key, entry);
      pending = this.fetch(entry, settings, http, options.tls);
    }
    return signal ? waitOrAbort(pending, signal, settings) : pending;
  }

  /**
   * Forgets `token` (the service refused it), unless a newer token already replaced it: of many
   * callers refused the same token, only the first causes a new token request.
   */
  invalidate(settings: OAuth2ClientCredentials, token: Pick<OAuth2AccessToken, 'value'>): void {
    const entry = this.entries.get(cacheKeyOf(settings));
    if (entry?.token?.value === token.value) entry.token = undefined;
  }

  private fetch(entry: Entry, settings: OAuth2ClientCredentials, http: HttpClient, tls: TlsOptions | undefined): Promise<OAuth2AccessToken | ActionError> {
    // No caller's signal: the request is shared, and bounded by networking.responseTimeout.
    const pending = requestToken(settings, http, tls, this.now);
    const settle = (): void => {
      if (entry.pending === pending) entry.pending = undefined;
    };
    entry.pending = pending;
    pending.then((result) => {
      settle();
      if (!isErrorResult(result)) entry.token = result;
    }, settle);
    return pending;
  }

  /** Drops entries whose token has expired and that nobody is fetching (e.g. after a secret rotation). */
  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (!entry.pending && (!entry.token || entry.token.expiresAt <= now)) this.entries.delete(key);
    }
  }
}

/** The cache key: a SHA-256 digest of every setting, so the secret is never a key in clear. */
function cacheKeyOf(settings: OAuth2ClientCredentials): string {
  let key = keys.get(settings);
  if (key === undefined) {
    const { accessTokenUrl, clientId, clientSecret, scope, additionalFields } = settings;
    key = createHash('sha256').update(JSON.stringify([accessTokenUrl, clientId, clientSecret, scope ?? null, additionalFields ?? {}])).digest('base64url');
    keys.set(settings, key);
  }
  return key;
}

async function requestToken(settings: OAuth2ClientCredentials, http: HttpClient, tls: TlsOptions | undefined, now: () => number): Promise<OAuth2AccessToken | ActionError> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret });
  if (settings.scope) form.set('scope', settings.scope);
  for (const [name, value] of Object.entries(settings.additionalFields ?? {})) {
    if (value !== undefined && value !== null) form.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const what = whatFailed(settings);
  let res: HttpResponse<string>;
  try {
    res = await http.request<string>({
      method: 'POST', url: settings.accessTokenUrl, data: form.toString(), tls, responseType: 'text',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    });
  } catch (err) {
    return withoutSecret(requestErrorResult(err, what), settings);
  }
  const body = tokenFields(res.data);
  if (!isSuccess(res)) {
    const serviceMessage = serviceMessageOf(Object.keys(body).length ? body : res.data);
    return withoutSecret(error({
      message: `${what}: ${describeResponse(res)}`,
      serviceMessage, retry: retryFor(res), details: { tokenStatus: res.status },
    }), settings);
  }
  const value = body.access_token;
  if (typeof value !== 'string' || value === '') {
    // No excerpt: a 2xx body may hold a credential under another name.
    const contentType = res.headers['content-type']?.split(';')[0] ?? 'no content type';
    return error({ message: `${what}: the answer (${res.status}, ${contentType}) has no access_token`, retry: false, details: { tokenStatus: res.status } });
  }
  const type = typeof body.token_type === 'string' && body.token_type.trim() ? body.token_type.trim() : 'Bearer';
  const lifetimeMs = Number(body.expires_in) * 1000;
  const expiresAt = Number.isFinite(lifetimeMs) && lifetimeMs > 0
    ? now() + lifetimeMs - Math.min(MAX_EXPIRY_MARGIN_MS, lifetimeMs / 10)
    : Number.POSITIVE_INFINITY;
  return { header: `${type.toLowerCase() === 'bearer' ? 'Bearer' : type} ${value}`, value, expiresAt };
}

/** The fields of a token endpoint's answer: a JSON object, or a form-encoded body. */
function tokenFields(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return {};
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
    } catch {
      return {};
    }
  }
  if (!/^[^\s=&]+=/.test(trimmed)) return {};
  return Object.fromEntries(new URLSearchParams(trimmed));
}

/** `error getting an OAuth2 access token from https://idp.example/token` (no credentials, query or fragment). */
function whatFailed(settings: OAuth2ClientCredentials): string {
  let where: string;
  try {
    const url = new URL(settings.accessTokenUrl);
    where = `${url.origin}${url.pathname}`;
  } catch {
    where = 'the token endpoint';
  }
  return `error getting an OAuth2 access token from ${where}`;
}

/** The error result for a caller whose own signal aborted its wait. */
function aborted(settings: OAuth2ClientCredentials): ActionError {
  let host = 'the token endpoint';
  try {
    host = hostWithPort(new URL(settings.accessTokenUrl));
  } catch {
    // keep the generic name
  }
  const err = new RelayflowError('HTTP_ABORTED', `waiting for a token from ${host} was aborted (the step was cancelled or timed out)`, { details: { host } });
  return requestErrorResult(err, whatFailed(settings));
}

/** `pending`, or an aborted error result as soon as `signal` aborts (the request itself goes on). */
function waitOrAbort(pending: Promise<OAuth2AccessToken | ActionError>, signal: AbortSignal, settings: OAuth2ClientCredentials): Promise<OAuth2AccessToken | ActionError> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(aborted(settings));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The client secret (and the forms it travels in) out of a result, whatever the server echoed. */
function withoutSecret(result: ActionError, settings: OAuth2ClientCredentials): ActionError {
  const formEncoded = new URLSearchParams({ s: settings.clientSecret }).toString().slice(2);
  return redact(result, secretValuesOf({ clientSecret: settings.clientSecret, formEncoded }));
}

function isErrorResult(value: OAuth2AccessToken | ActionError): value is ActionError {
  return (value as ActionError).status === 'error';
}
