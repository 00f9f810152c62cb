import { ValidateBy, type ValidationOptions } from '@relayflow/sdk';

/** The value is a string (JSON text, as Kibana stores it) or an object of string values. */
export function IsStringOrStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isStringOrStringRecord',
    validator: {
      validate: (value) => typeof value === 'string'
        || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')),
      defaultMessage: (args) => `${args?.property} must be a JSON object (as text or as an object of string values)`,
    },
  }, options);
}
