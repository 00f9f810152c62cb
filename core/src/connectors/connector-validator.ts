import type { ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { HostPolicy } from '../http/host-policy';
import { redactText, secretValuesOf } from '../secrets/redaction';
import { formatPath, toProblem, validateClass, type FieldProblem } from '../validation/class-validation';

/** Config and secrets that passed their classes and the type's cross-field check. */
export interface ValidConnectorSettings {
  config: object;
  secrets: object;
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
  const extra: FieldProblem[] = (typeof custom === 'string' ? [{ message: custom }] : custom ?? [])
    .map((p: Problem) => {
      const dotted = p.path ?? (p.fieldPath ? formatPath(p.fieldPath) : undefined);
      return {
        path: [...base, ...(p.fieldPath ?? (dotted ? dotted.split('.') : []))],
        message: dotted ? `${dotted}: ${p.message}` : p.message,
        at: 'value' as const,
        code: p.code ?? 'INVALID_VALUE',
      };
    });
  if (extra.length) return { ok: false, problems: extra.map(scrub) };
  return { ok: true, value: { config: config.value, secrets: secrets.value } };
}

/** A `VALIDATION_FAILED` error listing every problem, each with its path, field path and code. */
export function settingsError(what: string, problems: FieldProblem[]): RelayflowError {
  return new RelayflowError('VALIDATION_FAILED', `${what} is invalid: ${problems.map((p) => p.message).join('; ')}`, {
    problems: problems.map(toProblem),
  });
}
