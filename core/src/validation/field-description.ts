import 'reflect-metadata';
import type { ClassType } from '../contracts/class-type';

/** The metadata key: reflect-metadata's registry is global, so every copy of core reads the same. */
const KEY = 'relayflow:description';

/**
 * Describes a field of a schema class (a connector's config or secrets, an action's params) for
 * people: `relayflow connectors types TYPE` shows it beside the field's type, and `relayflow
 * schema` puts it in the JSON Schema, so editors show it as hover text on a workflow's `with`.
 * It documents only: validation still comes from the field's other decorators.
 *
 * @param text - one or two sentences: what the field means, its unit or an example
 * @returns a property decorator
 */
export function Description(text: string): PropertyDecorator {
  return (target, property) => {
    Reflect.defineMetadata(KEY, text, target, property);
  };
}

/**
 * The description a field of a schema class was given with {@link Description} (inherited ones
 * included).
 * @returns the text, or undefined when the field has none
 */
export function fieldDescription(cls: ClassType<object>, property: string): string | undefined {
  const text: unknown = Reflect.getMetadata(KEY, cls.prototype as object, property);
  return typeof text === 'string' ? text : undefined;
}
