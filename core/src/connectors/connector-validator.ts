import type { ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { HostPolicy } from '../http/host-policy';
import { isOrdinaryWord, redactOwnText, secretValuesOf } from '../secrets/redaction';
import { formatPath, toProblem, validateClass, type FieldProblem } from '../validation/class-validation';

/** Config and secrets that passed their classes and the type's cross-field check. */
export interface ValidConnectorSettings {
  config: object;
  secrets: object;
  /** The type's `severity: 'warning'` problems, as `path: message`. */
  warnings: string[];
}

type Checked = { ok: true; value: ValidConnectorSettings } | { ok: false; problems: FieldProblem[] };

/**
 * Validates config and secrets together against a connector type's classes, then its
 * cross-field `validate`. Every problem carries its field path (`config.apiUrl`, `secrets.token`),
 * and no message repeats a secret value (a bad webhook URL is named, never shown), while the
 * messages' own words stay as written even when a secret is the same word (see {@link redactOwnText}).
 */
export function validateConnectorSettings(
  type: ConnectorType,
  input: { config?: unknown; secrets?: unknown },
  policy: HostPolicy,
  base: ReadonlyArray<string | number> = [],
): Checked {
  const checked = check(type, input, policy, base);
  const hidden = secretValuesOf(input.secrets);
  if (hidden.length === 0) return checked;
  let unchanged: Set<string> | undefined;
  // A message that reads the same when every ordinary-word secret is replaced by another word
  // (in the secrets and in the config alike) cannot be repeating an input value: its words are
  // the message's own. Any other message is redacted wholesale.
  const quoted = (p: FieldProblem) => (): string => {
    unchanged ??= messagesWithMaskedWords(type, input, policy, base, hidden.filter(isOrdinaryWord));
    return unchanged.has(problemKey(p)) ? '' : p.message;
  };
  const scrub = (p: FieldProblem): FieldProblem => ({ ...p, message: redactOwnText(p.message, hidden, quoted(p)) });
  if (!checked.ok) return { ok: false, problems: checked.problems.map(scrub) };
  const warnings = checked.value.warnings.map((message) => scrub({ path: [], message, at: 'value' }).message);
  return { ok: true, value: { ...checked.value, warnings } };
}

function check(type: ConnectorType, input: { config?: unknown; secrets?: unknown }, policy: HostPolicy, base: ReadonlyArray<string | number>): Checked {
  const config = validateClass(type.config as new () => object, input.config ?? {}, [...base, 'config']);
  const secrets = validateClass(type.secrets as new () => object, input.secrets ?? {}, [...base, 'secrets']);
  if (!config.ok || !secrets.ok) return { ok: false, problems: [...(config.ok ? [] : config.problems), ...(secrets.ok ? [] : secrets.problems)] };
  const custom = type.validate?.({ config: config.value, secrets: secrets.value }, { checkUrl: (url) => policy.check(url) });
  const reported: Problem[] = typeof custom === 'string' ? [{ message: custom }] : custom ?? [];
  const toField = (p: Problem): FieldProblem => {
    const dotted = p.path ?? (p.fieldPath ? formatPath(p.fieldPath) : undefined);
    return {
      path: [...base, ...(p.fieldPath ?? (dotted ? dotted.split('.') : []))],
      message: dotted ? `${dotted}: ${p.message}` : p.message,
      at: 'value',
      code: p.code ?? 'INVALID_VALUE',
    };
  };
  const problems = reported.filter((p) => p.severity !== 'warning').map(toField);
  if (problems.length) return { ok: false, problems };
  const warnings = reported.filter((p) => p.severity === 'warning').map((p) => toField(p).message);
  return { ok: true, value: { config: config.value, secrets: secrets.value, warnings } };
}

/**
 * The problems and warnings (as keys) of the same input with every occurrence of the given words
 * in its values (config and secrets) replaced by another word of the same length.
 */
function messagesWithMaskedWords(
  type: ConnectorType, input: { config?: unknown; secrets?: unknown }, policy: HostPolicy, base: ReadonlyArray<string | number>, words: string[],
): Set<string> {
  try {
    const mask = (v: unknown): unknown => maskWords(v, words);
    const checked = check(type, { config: mask(input.config), secrets: mask(input.secrets) }, policy, base);
    if (!checked.ok) return new Set(checked.problems.map(problemKey));
    return new Set(checked.value.warnings.map((message) => problemKey({ path: [], message, at: 'value' })));
  } catch {
    return new Set();
  }
}

function maskWords(value: unknown, words: string[]): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const word of words) if (out.includes(word)) out = out.split(word).join((/^x+$/i.test(word) ? 'y' : 'x').repeat(word.length));
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => maskWords(v, words));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskWords(v, words)]));
  }
  return value;
}

function problemKey(p: FieldProblem): string {
  return `${formatPath(p.path)}\u0000${p.message}`;
}

/** A `VALIDATION_FAILED` error listing every problem. */
export function settingsError(what: string, problems: FieldProblem[]): RelayflowError {
  return new RelayflowError('VALIDATION_FAILED', `${what} is invalid: ${problems.map((p) => p.message).join('; ')}`, {
    problems: problems.map(toProblem),
  });
}
