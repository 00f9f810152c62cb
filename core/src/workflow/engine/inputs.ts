import { RelayflowError, type Problem } from '../../errors/relayflow-error';
import type { InputSpec as InputDefinition } from '../../contracts/compiled-workflow';

/**
 * Checks and types the inputs of a run against the declared inputs: defaults applied, text
 * (from `--input KEY=VALUE`) converted to the declared type.
 *
 * @throws RelayflowError `BAD_ARGUMENT` (exit code 2) listing every problem: undeclared inputs,
 *   missing required ones, values that are not of the declared type
 */
export function resolveInputs(declared: InputDefinition[], given: Record<string, unknown> = {}): Record<string, unknown> {
  const problems: Problem[] = [];
  const byName = new Map(declared.map((d) => [d.name, d]));
  for (const key of Object.keys(given)) {
    if (!byName.has(key)) {
      problems.push({ path: `inputs.${key}`, message: `unknown input "${key}"; ${declared.length ? `declared inputs: ${declared.map((d) => d.name).join(', ')}` : 'the workflow declares no inputs'}` });
    }
  }
  const out: Record<string, unknown> = {};
  for (const input of declared) {
    const raw = given[input.name] !== undefined ? given[input.name] : input.default;
    if (raw === undefined) {
      if (input.required) problems.push({ path: `inputs.${input.name}`, message: `missing required input "${input.name}" (${input.type}); pass it with --input ${input.name}=VALUE` });
      continue;
    }
    const typed = coerceInput(input, raw);
    if (typed.ok) out[input.name] = typed.value;
    else problems.push({ path: `inputs.${input.name}`, message: `input "${input.name}" ${typed.message} (got ${JSON.stringify(raw)})` });
  }
  if (problems.length) {
    throw new RelayflowError('BAD_ARGUMENT', `invalid inputs: ${problems.map((p) => p.message).join('; ')}`, { problems });
  }
  return out;
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Converts a value (a default, or `--input` text) to an input's declared type: the one rule
 * validation (for defaults) and runs (for given values) share.
 */
export function coerceInput(input: Pick<InputDefinition, 'type' | 'options'>, value: unknown): Coerced {
  switch (input.type) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : typeof value === 'number' || typeof value === 'boolean' ? { ok: true, value: String(value) } : { ok: false, message: 'must be a string' };
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'must be a number' };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const text = String(value).trim().toLowerCase();
      if (['true', 'yes', '1', 'on'].includes(text)) return { ok: true, value: true };
      if (['false', 'no', '0', 'off'].includes(text)) return { ok: true, value: false };
      return { ok: false, message: 'must be true or false' };
    }
    case 'choice': {
      const options = input.options ?? [];
      const match = options.find((o) => o === value || (typeof value === 'string' && String(o) === value));
      return match !== undefined ? { ok: true, value: match } : { ok: false, message: `must be one of: ${options.map(String).join(', ')}` };
    }
    case 'array': {
      if (Array.isArray(value)) return { ok: true, value };
      if (typeof value !== 'string') return { ok: false, message: 'must be a list' };
      const text = value.trim();
      if (text.startsWith('[')) {
        try {
          const parsed = JSON.parse(text);
          if (Array.isArray(parsed)) return { ok: true, value: parsed };
        } catch {
          return { ok: false, message: 'must be a JSON array or comma-separated values' };
        }
      }
      return { ok: true, value: text === '' ? [] : text.split(',').map((s) => s.trim()) };
    }
    default:
      return { ok: true, value };
  }
}

/** How deep an event may nest; deeper payloads are refused rather than overflowing the stack later. */
export const MAX_EVENT_DEPTH = 100;

/**
 * Checks that an event nests no deeper than {@link MAX_EVENT_DEPTH} (iteratively, so the check
 * itself cannot overflow).
 * @throws RelayflowError `BAD_ARGUMENT` (exit code 2) naming the limit
 */
export function assertEventDepth(event: unknown): void {
  const stack: Array<[unknown, number]> = [[event, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_EVENT_DEPTH) {
      throw new RelayflowError('BAD_ARGUMENT', `the event nests deeper than ${MAX_EVENT_DEPTH} levels; flatten it or send a part of it`);
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}
