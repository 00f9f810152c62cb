import type { ConnectorType } from '../contracts/connector-type';
import { RelayflowError, type Problem } from '../contracts/relayflow-error';
import { HostPolicy } from '../http/host-policy';
import { redactText, secretValuesOf } from '../secrets/redaction';
import { formatPath, validateClass, type FieldProblem } from '../validation/class-validation';

/** Config and secrets that passed their classes and the type's cross-field check. */
export interface ValidConnectorSettings {
  config: object;
  secrets: object;
  /** The type's `severity: 'warning'` problems, as `path: message`. */
  warnings: string[];
}

/**
 * Validates config and secrets together against a connector type's classes, then its
 * cross-field `validate`. Every problem carries its field path (`config.apiUrl`, `secrets.token`),
 * and no message repeats a secret value (a bad webhook URL is named, never shown).
 */
export function validateConnectorSettings(
  type: ConnectorType,
  input: { config?: unknown; secrets?: unknown },
  policy: HostPolicy,
  base: ReadonlyArray<string | number> = [],
): { ok: true; value: ValidConnectorSettings } | { ok: false; problems: FieldProblem[] } {
  const config = validateClass(type.config as new () => object, input.config ?? {}, [...base, 'config']);
  const secrets = validateClass(type.secrets as new () => object, input.secrets ?? {}, [...base, 'secrets']);
  const hidden = secretValuesOf(input.secrets);
  const scrub = (p: FieldProblem): FieldProblem => ({ ...p, message: redactText(p.message, hidden) });
  const problems = [...(config.ok ? [] : config.problems), ...(secrets.ok ? [] : secrets.problems)].map(scrub);
  if (!config.ok || !secrets.ok) return { ok: false, problems };
  const custom = type.validate?.({ config: config.value, secrets: secrets.value }, { checkUrl: (url) => policy.check(url) });
  const reported: Problem[] = typeof custom === 'string' ? [{ message: custom }] : custom ?? [];
  const toField = (p: Problem): FieldProblem => ({ path: [...base, ...(p.path ? p.path.split('.') : [])], message: p.path ? `${p.path}: ${p.message}` : p.message, at: 'value' });
  const extra = reported.filter((p) => p.severity !== 'warning').map(toField);
  if (extra.length) return { ok: false, problems: extra.map(scrub) };
  const warnings = reported.filter((p) => p.severity === 'warning').map((p) => scrub(toField(p)).message);
  return { ok: true, value: { config: config.value, secrets: secrets.value, warnings } };
}

/** A `VALIDATION_FAILED` error listing every problem. */
export function settingsError(what: string, problems: FieldProblem[]): RelayflowError {
  return new RelayflowError('VALIDATION_FAILED', `${what} is invalid: ${problems.map((p) => p.message).join('; ')}`, {
    problems: problems.map((p) => ({ path: formatPath(p.path), message: p.message })),
  });
}
