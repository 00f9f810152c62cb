import type { ConnectorValidationTools, Problem } from '@relayflow/sdk';
import { authModeOf, type AuthMode } from './auth-type';
import type { CasesWebhookConfig } from './config';
import { pemText, pfxBytes } from './pem';
import type { CasesWebhookSecrets } from './secrets';

type SecretName = 'user' | 'password' | 'crt' | 'key' | 'pfx' | 'clientSecret';

/** Which credential secrets each mode may use (secretHeaders go with any mode). */
const ALLOWED: Record<AuthMode, SecretName[]> = {
  none: [],
  basic: ['user', 'password'],
  ssl: ['crt', 'key', 'pfx', 'password'],
  'oauth2-client-credentials': ['clientSecret'],
};

/**
 * Checks that config and secrets describe one auth mode completely (Kibana's combinations:
 * user+password; crt+key or pfx, with password as passphrase; clientSecret for OAuth2).
 * Messages name fields, never secret values.
 */
export function checkAuth(config: CasesWebhookConfig, secrets: CasesWebhookSecrets, tools: ConnectorValidationTools): Problem[] {
  const problems: Problem[] = [];
  const mode = authModeOf(config);
  const has = (name: SecretName): boolean => typeof secrets[name] === 'string' && secrets[name] !== '';
  const modeText = mode === 'none' ? 'the connector does not authenticate (hasAuth is false or authType is none)' : `authType is ${mode}`;
  for (const name of ['user', 'password', 'crt', 'key', 'pfx', 'clientSecret'] as SecretName[]) {
    if (!has(name) || ALLOWED[mode].includes(name)) continue;
    if (config.hasAuth === false) {
      // Kibana keeps credentials entered before auth was switched off: accept them, use none of them.
      problems.push({ path: `secrets.${name}`, message: 'is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)', severity: 'warning' });
    } else {
      problems.push({ path: `secrets.${name}`, message: `is set but ${modeText}; remove it or change authType` });
    }
  }
  if (mode === 'basic') {
    for (const name of ['user', 'password'] as SecretName[]) {
      if (!has(name)) problems.push({ path: `secrets.${name}`, message: 'is required for basic authentication (or set hasAuth: false)' });
    }
  }
  if (mode === 'ssl') {
    if (has('pfx')) {
      if (has('crt') || has('key')) problems.push({ path: 'secrets.pfx', message: 'give either pfx or crt and key, not both' });
      else if (!pfxBytes(secrets.pfx!)) problems.push({ path: 'secrets.pfx', message: 'must be the PKCS#12 file as base64' });
    } else if (!has('crt') && !has('key')) {
      problems.push({ path: 'secrets.crt', message: 'ssl authentication needs secrets.crt and secrets.key (PEM or base64), or secrets.pfx (base64)' });
    } else {
      if (!has('crt')) problems.push({ path: 'secrets.crt', message: 'is required with secrets.key' });
      else if (!pemText(secrets.crt!)) problems.push({ path: 'secrets.crt', message: 'must be a PEM certificate, or its base64' });
      if (!has('key')) problems.push({ path: 'secrets.key', message: 'is required with secrets.crt' });
      else if (!pemText(secrets.key!)) problems.push({ path: 'secrets.key', message: 'must be a PEM private key, or its base64' });
    }
  }
  if (mode === 'oauth2-client-credentials') {
    if (!config.accessTokenUrl) problems.push({ path: 'config.accessTokenUrl', message: 'is required for OAuth2 client credentials' });
    else {
      const refusal = tools.checkUrl(config.accessTokenUrl);
      if (refusal) problems.push({ path: 'config.accessTokenUrl', message: refusal });
    }
    if (!config.clientId) problems.push({ path: 'config.clientId', message: 'is required for OAuth2 client credentials' });
    if (!has('clientSecret')) problems.push({ path: 'secrets.clientSecret', message: 'is required for OAuth2 client credentials' });
    const extra = additionalFieldsProblem(config.additionalFields);
    if (extra) problems.push({ path: 'config.additionalFields', message: extra });
  }
  if (config.ca && !pemText(config.ca)) problems.push({ path: 'config.ca', message: 'must be a PEM certificate (or several), or its base64' });
  return problems;
}

/** Extra OAuth2 token request fields as an object, from a JSON string or an object. */
export function additionalFieldsOf(value: CasesWebhookConfig['additionalFields']): Record<string, string> {
  if (!value) return {};
  if (typeof value !== 'string') return value;
  return JSON.parse(value) as Record<string, string>;
}

function additionalFieldsProblem(value: CasesWebhookConfig['additionalFields']): string | undefined {
  if (!value || typeof value !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    return `is not valid JSON: ${(err as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    return 'must be a JSON object of string values';
  }
  return undefined;
}
