import { Transform, ValidateBy, type ValidationOptions } from '@relayflow/sdk';

/** A number becomes its decimal string (ids rendered from `${{ }}` templates keep their type). */
export function NumberToString(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'number' ? String(value) : value));
}

/**
 * A string holding JSON of the expected shape is parsed (a template such as `{{ event.tags }}`
 * renders an array or object as JSON text); anything else is left for the validators to judge.
 */
export function ParseJsonText(shape: 'array' | 'object'): PropertyDecorator {
  return Transform(({ value }) => parseJsonText(value, shape));
}

/** `value` parsed when it is JSON text of `shape`, else `value` unchanged. */
export function parseJsonText(value: unknown, shape: 'array' | 'object'): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!(shape === 'array' ? text.startsWith('[') : text.startsWith('{'))) return value;
  try {
    const parsed: unknown = JSON.parse(text);
    return shape === 'array' ? (Array.isArray(parsed) ? parsed : value) : (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : value);
  } catch {
    return value;
  }
}

/** Every label is free of whitespace (Jira labels are single tokens). */
export function LabelsWithoutSpaces(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'labelsWithoutSpaces',
    validator: {
      validate: (value) => !Array.isArray(value) || value.every((l) => typeof l !== 'string' || !/\s/.test(l)),
      defaultMessage: (args) => {
        const bad = (args?.value as unknown[]).find((l) => typeof l === 'string' && /\s/.test(l));
        return `${args?.property}: the label ${JSON.stringify(bad)} cannot contain spaces (Jira labels are single words; use - or _ instead)`;
      },
    },
  }, options);
}
