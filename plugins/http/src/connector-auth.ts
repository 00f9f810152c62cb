import type { ConnectorValidationTools, OAuth2ClientCredentials, Problem, TlsOptions } from '@relayflow/sdk';
import { mergeHeaders } from './headers';
import type { AuthTypeName, HttpConfig, HttpSecrets } from './schemas';

/** The auth method a connector uses, after aliases and inference. */
export type AuthKind = 'none' | 'basic' | 'bearer' | 'ssl' | 'oauth2';

/** What a connector contributes to each request, computed once per connector version. */
export interface PreparedConnector {
  kind: AuthKind;
  /** Config headers, then secret headers, then a static auth header (basic, bearer). */
  headers: Record<string, string>;
  /** Header names never forwarded to another origin (secret headers, Authorization). */
  sensitiveHeaders: string[];
  /** Config headers without the credential ones: what a step URL on another origin gets. */
  plainHeaders: Record<string, string>;
  /** CA / verification mode and, for `ssl`, the client certificate. */
  tls?: TlsOptions;
  /** The same with verification off (Kibana's `fetcher.skip_ssl_verification`). */
  tlsSkipVerify: TlsOptions;
  /** `tls` without the client certificate, for a step URL on another origin. */
  tlsWithoutCertificate?: TlsOptions;
  /** The token request's settings, one object per connector version (the token cache's key is computed once per object). */
  oauth2?: OAuth2ClientCredentials;
  /** `secrets.secretQueryParams`: added to each request the credentials go to. */
  secretQuery?: Record<string, string>;
  /** True when the connector has something to keep home: auth, secret headers, secret query params. */
  hasCredentials: boolean;
  /** The origins its credentials may go to: its `url`'s and `allowedOrigins`. */
  credentialOrigins: ReadonlySet<string>;
}

const ALIASES: Record<AuthTypeName, AuthKind> = {
  none: 'none',
  basic: 'basic',
  bearer: 'bearer',
  ssl: 'ssl',
  oauth2: 'oauth2',
  'oauth2-client-credentials': 'oauth2',
  'webhook-authentication-basic': 'basic',
  'webhook-authentication-ssl': 'ssl',
  'webhook-oauth2-client-credentials': 'oauth2',
};

/**
 * Headers that carry credentials by HTTP's definition. In `config.headers` (where Kibana's older
 * Webhook connectors keep a token) they count as the connector's credentials: kept to its origins.
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** True for a header name in {@link CREDENTIAL_HEADERS} (any case). */
function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/**
 * The auth method: none when `hasAuth` is false; `authType` when set (Kibana names accepted);
 * else inferred from what is set: clientSecret + accessTokenUrl → oauth2, pfx or crt+key → ssl,
 * token → bearer, user/password → basic (Kibana's legacy default), otherwise none.
 */
export function authKind(config: HttpConfig, secrets: HttpSecrets): AuthKind {
  if (config.hasAuth === false) return 'none';
  if (config.authType) return ALIASES[config.authType];
  if (secrets.clientSecret && config.accessTokenUrl) return 'oauth2';
  if (secrets.pfx || (secrets.crt && secrets.key)) return 'ssl';
  if (secrets.token) return 'bearer';
  if (secrets.user || secrets.password) return 'basic';
  return 'none';
}

const prepared = new WeakMap<object, PreparedConnector>();

/**
 * What the connector adds to requests. Memoised per (validated, cached) secrets object, so the
 * TLS options object is the same on every call and the egress client's agent lookup stays cheap.
 */
export function prepareConnector(config: HttpConfig, secrets: HttpSecrets): PreparedConnector {
  let entry = prepared.get(secrets);
  if (!entry) {
    entry = build(config, secrets);
    prepared.set(secrets, entry);
  }
  return entry;
}

function build(config: HttpConfig, secrets: HttpSecrets): PreparedConnector {
  const kind = authKind(config, secrets);
  const secretHeaders = secrets.secretHeaders ?? undefined;
  let authorization: string | undefined;
  if (kind === 'basic') authorization = `Basic ${Buffer.from(`${secrets.user ?? ''}:${secrets.password ?? ''}`).toString('base64')}`;
  if (kind === 'bearer') authorization = `Bearer ${secrets.token}`;
  const headers = mergeHeaders(config.headers ?? undefined, secretHeaders, authorization ? { Authorization: authorization } : undefined);
  const sensitiveHeaders = ['authorization', ...Object.keys(secretHeaders ?? {}).map((h) => h.toLowerCase())];

  const base: TlsOptions = {};
  if (config.ca) base.ca = pemText(config.ca);
  if (config.verificationMode) base.verificationMode = config.verificationMode;
  let tls: TlsOptions | undefined = Object.keys(base).length ? base : undefined;
  if (kind === 'ssl') {
    const passphrase = secrets.password ?? undefined;
    const certificate: TlsOptions = secrets.pfx && config.certType !== 'ssl-crt-key'
      ? { pfx: Buffer.from(secrets.pfx, 'base64') }
      : { cert: pemText(secrets.crt ?? ''), key: pemText(secrets.key ?? '') };
    tls = { ...base, ...certificate, ...(passphrase ? { passphrase } : {}) };
  }

  let oauth2: OAuth2ClientCredentials | undefined;
  if (kind === 'oauth2') {
    const additionalFields = typeof config.additionalFields === 'string' ? JSON.parse(config.additionalFields) as Record<string, unknown> : config.additionalFields ?? {};
    oauth2 = {
      accessTokenUrl: config.accessTokenUrl ?? '', clientId: config.clientId ?? '', clientSecret: secrets.clientSecret ?? '',
      scope: config.scope ?? undefined, additionalFields,
    };
  }
  const secretQuery = secrets.secretQueryParams && Object.keys(secrets.secretQueryParams).length ? secrets.secretQueryParams : undefined;
  const plainHeaders = Object.fromEntries(Object.entries(config.headers ?? {}).filter(([name]) => !isCredentialHeader(name)));
  return {
    kind, headers, sensitiveHeaders, plainHeaders, tls, oauth2, secretQuery,
    hasCredentials: hasCredentials(config, secrets),
    credentialOrigins: credentialOrigins(config),
    tlsSkipVerify: { ...tls, verificationMode: 'none' },
    tlsWithoutCertificate: kind === 'ssl' ? (Object.keys(base).length ? base : undefined) : tls,
  };
}

/**
 * True when the connector would send something secret: an auth method, secret headers, secret
 * query params, or an Authorization, Proxy-Authorization or Cookie header in `config.headers`.
 */
export function hasCredentials(config: HttpConfig, secrets: HttpSecrets): boolean {
  return authKind(config, secrets) !== 'none'
    || Object.keys(secrets.secretHeaders ?? {}).length > 0
    || Object.keys(secrets.secretQueryParams ?? {}).length > 0
    || Object.keys(config.headers ?? {}).some(isCredentialHeader);
}

/** The origins a connector's credentials may go to: its `url`'s, then `allowedOrigins`. */
export function credentialOrigins(config: HttpConfig): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const url of [config.url, ...(config.allowedOrigins ?? [])]) {
    const origin = url ? originOf(url) : undefined;
    if (origin) origins.add(origin);
  }
  return origins;
}

/** `scheme://host[:port]` of an absolute http(s) URL (default ports dropped), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Why an `allowedOrigins` entry is unusable, or undefined when it is an http(s) origin the egress policy allows. */
function originProblem(entry: string, tools: ConnectorValidationTools): string | undefined {
  let url: URL;
  try {
    url = new URL(entry.trim());
  } catch {
    return `must be an origin such as https://api.example.com (got ${JSON.stringify(entry)})`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http or https origin (got ${url.protocol})`;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    return `must be an origin only, scheme://host[:port], without a path, query or credentials (e.g. ${url.origin})`;
  }
  return tools.checkUrl(url.origin);
}

/**
 * A certificate or key as PEM text: PEM is kept, base64 of PEM (Kibana's storage form) decoded.
 */
export function pemText(value: string): string {
  if (value.includes('-----BEGIN')) return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN') ? decoded : value;
}

/**
 * Cross-field checks of an http connector (Kibana's combinations, in plain words). Paths name
 * the field; messages never repeat a secret value.
 */
export function validateHttpConnector(config: HttpConfig, secrets: HttpSecrets, tools: ConnectorValidationTools): Problem[] {
  const problems: Problem[] = [];
  if (config.url) {
    const urlProblem = tools.checkUrl(config.url);
    if (urlProblem) problems.push({ path: 'config.url', message: urlProblem });
  }
  (config.allowedOrigins ?? []).forEach((entry, i) => {
    const problem = originProblem(entry, tools);
    if (problem) problems.push({ path: `config.allowedOrigins.${i}`, message: problem });
  });
  if (!config.url && !(config.allowedOrigins ?? []).length && hasCredentials(config, secrets)) {
    problems.push({
      path: 'config.allowedOrigins',
      message: 'the connector has credentials but no url: list the origins they may be sent to (e.g. ["https://api.example.com"]), or give it a url; '
        + 'without one of them its credentials would never be sent anywhere',
    });
  }
  if (config.hasAuth === false && config.authType && config.authType !== 'none') {
    problems.push({ path: 'config.authType', message: 'authType must be empty or none when hasAuth is false' });
  }
  if ((secrets.crt && !secrets.key) || (secrets.key && !secrets.crt)) {
    problems.push({ path: secrets.crt ? 'secrets.key' : 'secrets.crt', message: 'crt and key go together: give both (or a pfx instead)' });
  }
  if (secrets.pfx && (secrets.crt || secrets.key)) problems.push({ path: 'secrets.pfx', message: 'give either pfx or crt and key, not both' });
  if (config.ca && !pemText(config.ca).includes('-----BEGIN CERTIFICATE')) {
    problems.push({ path: 'config.ca', message: 'must be a PEM certificate (-----BEGIN CERTIFICATE-----), or base64 of one' });
  }
  const kind = authKind(config, secrets);
  if (kind === 'basic' && (!secrets.user || !secrets.password)) {
    problems.push({ path: secrets.user ? 'secrets.password' : 'secrets.user', message: 'basic auth needs both user and password' });
  }
  if (kind === 'bearer' && !secrets.token) problems.push({ path: 'secrets.token', message: 'bearer auth needs a token' });
  if (kind === 'ssl') {
    if (config.certType === 'ssl-pfx' && !secrets.pfx) problems.push({ path: 'secrets.pfx', message: 'certType ssl-pfx needs a pfx' });
    else if (config.certType === 'ssl-crt-key' && !(secrets.crt && secrets.key)) problems.push({ path: 'secrets.crt', message: 'certType ssl-crt-key needs crt and key' });
    else if (!secrets.pfx && !(secrets.crt && secrets.key)) problems.push({ path: 'secrets.crt', message: 'SSL client certificate auth needs crt and key, or pfx' });
  }
  if (kind === 'oauth2') {
    const missing = [
      !config.accessTokenUrl && 'config.accessTokenUrl', !config.clientId && 'config.clientId', !secrets.clientSecret && 'secrets.clientSecret',
    ].filter((m): m is string => Boolean(m));
    for (const path of missing) problems.push({ path, message: 'OAuth2 client credentials need accessTokenUrl, clientId and clientSecret' });
    if (config.accessTokenUrl) {
      const tokenUrlProblem = tools.checkUrl(config.accessTokenUrl);
      if (tokenUrlProblem) problems.push({ path: 'config.accessTokenUrl', message: tokenUrlProblem });
    }
  }
  return problems;
}
