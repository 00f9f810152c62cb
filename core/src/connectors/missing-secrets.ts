import type { ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { HostPolicy } from '../http/host-policy';
import { knownProperties, validateClass, type FieldProblem } from '../validation/class-validation';
import { validateConnectorSettings, type ValidConnectorSettings } from './connector-validator';
import { SECRET_PLACEHOLDER } from './short-secrets';

/** What stands in for a secret while finding which ones a connector needs; never stored. */
const PLACEHOLDER = 'relayflow-placeholder-secret';

/** A connector's config checked without its secrets, and the secret keys it still needs. */
export interface SettingsWithoutSecrets {
  /** The validated config; secrets are empty. */
  valid: ValidConnectorSettings;
  /** The secret keys to set before the connector can run (`webhookUrl`; `email`, `apiToken`). */
  missing: string[];
}

/**
 * Checks a connector's config when its secrets are not known yet (a Kibana export carries none):
 * finds the secret keys it needs by validating with more and more of them filled in with a
 * placeholder (those the problems name, else the next one the secrets class declares, for a
 * check such as Jira's "give email + apiToken or token"), then checks the config with them
 * filled in, so a config that could never work is refused now rather than after the secrets.
 *
 * @returns the config and the missing keys (none when the type needs no secrets for this config),
 *   or the config's problems when the config itself is invalid
 */
export function checkWithoutSecrets(type: ConnectorType, config: unknown, policy: HostPolicy): { ok: true; value: SettingsWithoutSecrets } | { ok: false; problems: FieldProblem[] } {
  const bare = validateConnectorSettings(type, { config, secrets: {} }, policy);
  if (bare.ok) return { ok: true, value: { valid: bare.value, missing: [] } };
  const missing = missingSecretKeys(type, config, policy);
  if (missing.length === 0) return bare;
  const filled = validateConnectorSettings(type, { config, secrets: placeholders(missing) }, policy);
  const configProblems = filled.ok ? [] : filled.problems.filter((p) => p.path[0] !== 'secrets');
  if (configProblems.length) return { ok: false, problems: configProblems };
  if (!filled.ok) {
    // Only the placeholders' format was refused: the config is fine. Its class gives the instance.
    const configOnly = validateClass(type.config as new () => object, config ?? {}, ['config']);
    if (!configOnly.ok) return configOnly;
    return { ok: true, value: { valid: { config: configOnly.value, secrets: {}, warnings: [] }, missing } };
  }
  return { ok: true, value: { valid: { ...filled.value, secrets: {} }, missing } };
}

/**
 * The secret keys a connector with this config needs (in the order its type asks for them);
 * empty when it validates without secrets.
 */
export function missingSecretKeys(type: ConnectorType, config: unknown, policy: HostPolicy): string[] {
  const declared = knownProperties(type.secrets as new () => object);
  const keys: string[] = [];
  for (let round = 0; round <= declared.length; round++) {
    const result = validateConnectorSettings(type, { config, secrets: placeholders(keys) }, policy);
    if (result.ok) break;
    const onSecrets = result.problems.filter((p) => p.path[0] === 'secrets');
    const named = [...new Set(onSecrets.map((p) => p.path[1]).filter((k): k is string => typeof k === 'string' && declared.includes(k) && !keys.includes(k)))];
    if (named.length) {
      keys.push(...named);
      continue;
    }
    // A check about the secrets as a whole ("no credentials: give either ..."): try the next key.
    const next = onSecrets.some((p) => p.path.length === 1) ? declared.find((k) => !keys.includes(k)) : undefined;
    if (!next) break;
    keys.push(next);
  }
  return keys;
}

/**
 * The command that sets a connector's missing secrets, with `...` where each value goes:
 * `relayflow connectors update ops-alerts --secrets '{"webhookUrl":"..."}'` (a value left `...` is refused, saying so).
 */
export function setSecretsCommand(name: string, keys: readonly string[]): string {
  const json = JSON.stringify(Object.fromEntries(keys.map((k) => [k, SECRET_PLACEHOLDER])));
  return `relayflow connectors update ${shellWord(name)} --secrets ${shellWord(json)}`;
}

/**
 * The error a connector without its secrets fails with when it is used.
 * @param name - the connector's name
 */
export function missingSecretsError(name: string, keys: readonly string[]): RelayflowError {
  const list = keys.map((k) => `secrets.${k}`).join(', ');
  return new RelayflowError('VALIDATION_FAILED',
    `connector "${name}" has no secrets yet (it was imported from a Kibana export, which carries none) and cannot run without ${list}; set them with: ${setSecretsCommand(name, keys)}`,
    { details: { missingSecrets: [...keys] } });
}

function placeholders(keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, PLACEHOLDER]));
}

/** A word for a POSIX shell: as it is when that is safe, else single-quoted. */
function shellWord(text: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
