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
  /** CA / verification mode and, for `ssl`, the client certificate. */
  tls?: TlsOptions;
  /** The same with verification off (Kibana's `fetcher.skip_ssl_verification`). */
  tlsSkipVerify: TlsOptions;
  /** `tls` without the client certificate, for a step URL on another origin. */
  tlsWithoutCertificate?: TlsOptions;
  /** The token request's settings, one object per connector version (the token cache's key is computed once per object). */
  oauth2?: OAuth2ClientCredentials;
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
  return {
    kind, headers, sensitiveHeaders, tls, oauth2,
    tlsSkipVerify: { ...tls, verificationMode: 'none' },
    tlsWithoutCertificate: kind === 'ssl' ? (Object.keys(base).length ? base : undefined) : tls,
  };
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
  const urlProblem = tools.checkUrl(config.url);
  if (urlProblem) problems.push({ path: 'config.url', message: urlProblem });
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
