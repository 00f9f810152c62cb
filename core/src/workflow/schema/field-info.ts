import type { ClassType } from '../../contracts/class-type';
import { ClassSchemas, type JsonSchema } from './class-schema';

/** One field of a schema class, for people (`relayflow connectors types TYPE`). */
export interface FieldInfo {
  /** The field's path: `summary`, `incident.title`, `comments[].comment`. */
  name: string;
  /** Its type in words: `string`, `number`, `boolean`, `"GET" | "POST"`, `string[]`, `object`, `any`. */
  type: string;
  required: boolean;
  /** What the plugin says about it (`@Description`), or the format's own hint. */
  description?: string;
  default?: unknown;
}

/** Nested classes are listed field by field down to this depth; deeper ones show as `object`. */
const MAX_DEPTH = 3;

/**
 * The fields of a schema class (an action's params, a connector's config or secrets), nested
 * classes flattened into dotted paths, in declaration order.
 */
export function fieldsOf(cls: ClassType<object>): FieldInfo[] {
  const schemas = new ClassSchemas();
  const fields: FieldInfo[] = [];
  collect(schemas.schema(cls), '', schemas, fields, 0);
  return fields;
}

function collect(schema: JsonSchema, prefix: string, schemas: ClassSchemas, out: FieldInfo[], depth: number): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    const info: FieldInfo = { name: path, type: typeText(property, schemas), required: required.has(name) };
    if (typeof property.description === 'string') info.description = property.description;
    if (property.default !== undefined) info.default = property.default;
    out.push(info);
    if (depth >= MAX_DEPTH) continue;
    const nested = definitionOf(property, schemas);
    const items = property.items ? definitionOf(property.items as JsonSchema, schemas) : undefined;
    if (nested) collect(nested, `${path}.`, schemas, out, depth + 1);
    else if (items) collect(items, `${path}[].`, schemas, out, depth + 1);
  }
}

/** The object definition a property refers to (`$ref`, or `allOf: [{ $ref }]`). */
function definitionOf(schema: JsonSchema, schemas: ClassSchemas): JsonSchema | undefined {
  const ref = (schema.$ref ?? (schema.allOf as JsonSchema[] | undefined)?.[0]?.$ref) as string | undefined;
  return ref ? schemas.definitions[ref.replace('#/definitions/', '')] : undefined;
}

/** A schema's type in words. */
function typeText(schema: JsonSchema, schemas: ClassSchemas): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (definitionOf(schema, schemas)) return 'object';
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map((s) => typeText(s, schemas)).join(' | ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [];
  if (types.includes('array') || schema.items) return `${schema.items ? typeText(schema.items as JsonSchema, schemas) : 'any'}[]`;
  if (types.length === 1 && types[0] === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `object of ${typeText(schema.additionalProperties as JsonSchema, schemas)}`;
  }
  if (types.length === 1 && types[0] === 'string' && schema.format === 'uri') return 'URL';
  if (types.length === 1 && types[0] === 'string' && schema.pattern && /ms\|s\|m\|h/.test(String(schema.pattern))) return 'duration';
  return types.length ? types.join(' | ') : 'any';
}
