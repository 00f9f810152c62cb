import type { OAuth2ClientCredentials, TlsOptions } from '@relayflow/sdk';
import { authModeOf, type AuthMode } from '../settings/auth-type';
import type { CasesWebhookConfig } from '../settings/config';
import { pemText, pfxBytes } from '../settings/pem';
import type { CasesWebhookSecrets } from '../settings/secrets';
import { additionalFieldsOf } from '../settings/validate-auth';

/** What every request of one connector carries: headers, TLS options, and how to get a token. */
export interface RequestAuth {
  mode: AuthMode;
  /** content-type/accept defaults, config headers, secret headers over them, Basic auth. */
  headers: Record<string, string>;
  /** True when a secret header already sets Authorization (it wins over Basic and OAuth2). */
  authorizationFromSecretHeader: boolean;
  tls?: TlsOptions;
  /** The token request's settings, one object per (config, secrets) pair. */
  oauth?: OAuth2ClientCredentials;
}

const built = new WeakMap<CasesWebhookSecrets, { config: CasesWebhookConfig; auth: RequestAuth }>();

/**
 * The request auth for a connector, built once per (config, secrets) pair.
 */
export function requestAuthFor(config: CasesWebhookConfig, secrets: CasesWebhookSecrets): RequestAuth {
  const hit = built.get(secrets);
  if (hit && hit.config === config) return hit.auth;
  const auth = buildRequestAuth(config, secrets);
  built.set(secrets, { config, auth });
  return auth;
}

function buildRequestAuth(config: CasesWebhookConfig, secrets: CasesWebhookSecrets): RequestAuth {
  const mode = authModeOf(config);
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string): void => {
    headers.set(name.toLowerCase(), [name, value]);
  };
  set('Content-Type', 'application/json');
  set('Accept', 'application/json');
  for (const [k, v] of Object.entries(config.headers ?? {})) set(k, v);
  for (const [k, v] of Object.entries(secrets.secretHeaders ?? {})) set(k, v);
  const authorizationFromSecretHeader = Object.keys(secrets.secretHeaders ?? {}).some((k) => k.toLowerCase() === 'authorization');
  if (mode === 'basic' && !authorizationFromSecretHeader && secrets.user && secrets.password) {
    set('Authorization', `Basic ${Buffer.from(`${secrets.user}:${secrets.password}`).toString('base64')}`);
  }
  return {
    mode,
    headers: Object.fromEntries(headers.values()),
    authorizationFromSecretHeader,
    tls: tlsOptions(mode, config, secrets),
    oauth: mode === 'oauth2-client-credentials' ? {
      accessTokenUrl: config.accessTokenUrl!,
      clientId: config.clientId!,
      clientSecret: secrets.clientSecret!,
      scope: config.scope ?? undefined,
      additionalFields: additionalFieldsOf(config.additionalFields),
    } : undefined,
  };
}

function tlsOptions(mode: AuthMode, config: CasesWebhookConfig, secrets: CasesWebhookSecrets): TlsOptions | undefined {
  const tls: TlsOptions = {};
  if (mode === 'ssl') {
    if (secrets.pfx) tls.pfx = pfxBytes(secrets.pfx);
    else {
      if (secrets.crt) tls.cert = pemText(secrets.crt);
      if (secrets.key) tls.key = pemText(secrets.key);
    }
    if (secrets.password) tls.passphrase = secrets.password;
  }
  if (config.ca) tls.ca = pemText(config.ca);
  if (config.verificationMode) tls.verificationMode = config.verificationMode;
  return Object.keys(tls).length ? tls : undefined;
}
