import type { ValidationOptions } from 'class-validator';
import { ValidateBy } from './class-validator-parts';
import { parseByteSize, parseDuration } from './units';

/** The value is a duration string such as `30s`, `5m`, `500ms`. */
export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isDuration',
    validator: {
      validate: (value) => parseDuration(value) !== undefined,
      defaultMessage: (args) => `${args?.property} must be a duration such as 500ms, 30s, 5m or 1h, at most 24d (got ${JSON.stringify(args?.value)})`,
    },
  }, options);
}

/** The value is a byte size such as `1mb`, `512kb`, or a number of bytes. */
export function IsByteSize(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isByteSize',
    validator: {
      validate: (value) => parseByteSize(value) !== undefined,
      defaultMessage: (args) => `${args?.property} must be a size such as 512kb or 1mb (got ${JSON.stringify(args?.value)})`,
    },
  }, options);
}

/** The value is a plain object whose values are all strings (HTTP headers, query parameters). */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isStringRecord',
    validator: {
      validate: (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
        && Object.values(value).every((v) => typeof v === 'string'),
      defaultMessage: (args) => `${args?.property} must be an object of string values`,
    },
  }, options);
}

/** The value is an IANA time zone name the runtime knows (`UTC`, `Europe/Paris`). */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: (args) => `${args?.property} must be an IANA time zone such as UTC or Europe/Paris (got ${JSON.stringify(args?.value)})`,
    },
  }, options);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
