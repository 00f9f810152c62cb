/** How the connector authenticates, after Kibana's aliases are resolved. */
export type AuthMode = 'none' | 'basic' | 'ssl' | 'oauth2-client-credentials';

/** Kibana's constant names for the same modes, accepted so Kibana configs work unchanged. */
const KIBANA_NAMES: Record<string, AuthMode> = {
  'webhook-authentication-basic': 'basic',
  'webhook-authentication-ssl': 'ssl',
  'webhook-oauth2-client-credentials': 'oauth2-client-credentials',
};

/** Every accepted `authType` value. */
export const AUTH_TYPE_NAMES: string[] = ['none', 'basic', 'ssl', 'oauth2-client-credentials', ...Object.keys(KIBANA_NAMES)];

/**
 * The effective auth mode: `hasAuth: false` means none; an absent authType means basic
 * (Kibana's legacy default).
 */
export function authModeOf(config: { hasAuth?: boolean | null; authType?: string | null }): AuthMode {
  if (config.hasAuth === false) return 'none';
  const type = config.authType ?? 'basic';
  return KIBANA_NAMES[type] ?? (type as AuthMode);
}
