import { getMetadataStorage } from '../../validation/class-validator-parts';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { ClassType } from '../../contracts/class-type';
import { fieldDescription } from '../../validation/field-description';

/** A JSON Schema (draft-07) object. */
export type JsonSchema = Record<string, unknown>;

// class-transformer keeps @Type metadata in a store it does not export from its main entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|w)\\s*$';

/**
 * Turns class-validator schema classes into JSON Schema definitions. Each class becomes one
 * definition, named after the class (suffixed when two plugins use the same class name, or a
 * class is used both as is and templated), so classes that reference each other resolve
 * through `$ref`.
 *
 * Written here rather than taken from class-validator-jsonschema: that library keys
 * definitions by class name only (two plugins' `PushToServiceParams` would collide) and emits
 * OpenAPI-flavoured schemas; the YAML language server wants draft-07.
 */
export class ClassSchemas {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly names = new Map<ClassType<object>, string>();
  private readonly templatedNames = new Map<ClassType<object>, string>();

  /**
   * @param refs - classes already given a definition by the caller (class → definition name)
   * @param template - the schema of a template string, for {@link templated} schemas
   */
  constructor(
    private readonly refs: ReadonlyMap<ClassType<object>, string> = new Map(),
    private readonly template: JsonSchema = { type: 'string' },
  ) {}

  /** A `$ref` to the class's definition, creating it on first use. */
  ref(cls: ClassType<object>): JsonSchema {
    const fixed = this.refs.get(cls);
    if (fixed) return { $ref: `#/definitions/${fixed}` };
    return this.definition(cls, this.names, () => this.schema(cls));
  }

  /** The object schema of a class: its decorated properties, `additionalProperties: false`. */
  schema(cls: ClassType<object>): JsonSchema {
    return this.build(cls, false);
  }

  /**
   * The schema of a class whose values are rendered before they are checked (a step's `with`):
   * every property, at any depth (nested classes and list items included), may also be a
   * template string.
   */
  templated(cls: ClassType<object>): JsonSchema {
    return this.build(cls, true);
  }

  private templatedRef(cls: ClassType<object>): JsonSchema {
    return this.definition(cls, this.templatedNames, () => this.templated(cls));
  }

  private definition(cls: ClassType<object>, names: Map<ClassType<object>, string>, make: () => JsonSchema): JsonSchema {
    let name = names.get(cls);
    if (!name) {
      name = this.uniqueName(cls.name || 'Anonymous');
      names.set(cls, name);
      this.definitions[name] = {};
      this.definitions[name] = make();
    }
    return { $ref: `#/definitions/${name}` };
  }

  private orTemplate(schema: JsonSchema): JsonSchema {
    return { anyOf: [schema, this.template] };
  }

  private build(cls: ClassType<object>, templated: boolean): JsonSchema {
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metas) {
      const list = byProperty.get(m.propertyName) ?? [];
      list.push(m);
      byProperty.set(m.propertyName, list);
    }
    let defaults: Record<string, unknown> = {};
    try {
      defaults = new cls() as Record<string, unknown>;
    } catch {
      defaults = {};
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [property, list] of byProperty) {
      const optional = list.some((m) => m.type === 'conditionalValidation');
      const schema = this.propertySchema(cls, property, list, templated);
      if (defaults[property] !== undefined) schema.default = defaults[property];
      else if (!optional && !list.every((m) => m.type === 'whitelistValidation')) required.push(property);
      // The plugin's own words (@Description) win over a format's generic hint; editors show it on hover.
      const description = fieldDescription(cls, property);
      if (description) schema.description = description;
      properties[property] = templated ? { ...(description ? { description } : {}), ...this.orTemplate(schema) } : schema;
    }
    const out: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length) out.required = required;
    return out;
  }

  private propertySchema(cls: ClassType<object>, property: string, list: ValidationMetadata[], templated: boolean): JsonSchema {
    const own: JsonSchema = {};
    const items: JsonSchema = {};
    for (const m of list) {
      const target = m.each ? items : own;
      if (m.type === 'nestedValidation') {
        const nested = nestedClass(cls, property);
        if (nested) Object.assign(target, templated ? this.templatedRef(nested) : this.ref(nested));
        continue;
      }
      apply(target, m.name ?? m.type, m.constraints ?? []);
    }
    if (Object.keys(items).length) {
      own.type ??= 'array';
      own.items = templated ? this.orTemplate(items) : items;
    }
    if (own.$ref && Object.keys(own).length > 1) {
      const { $ref, ...rest } = own;
      return { ...rest, allOf: [{ $ref }] };
    }
    return own;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.definitions[name] !== undefined || [...this.refs.values()].includes(name); i++) name = `${base}_${i}`;
    return name;
  }
}

function nestedClass(cls: ClassType<object>, property: string): ClassType<object> | undefined {
  const meta = defaultMetadataStorage.findTypeMetadata(cls, property);
  const type = meta?.typeFunction?.({ newObject: undefined, object: {}, property } as never);
  return typeof type === 'function' && type !== Object ? (type as ClassType<object>) : undefined;
}

/** One class-validator constraint in JSON Schema terms; unknown ones add nothing. */
function apply(schema: JsonSchema, name: string, constraints: unknown[]): void {
  switch (name) {
    case 'isString': schema.type = 'string'; break;
    case 'isNumber': schema.type = 'number'; break;
    case 'isInt': schema.type = 'integer'; break;
    case 'isBoolean': schema.type = 'boolean'; break;
    case 'isArray': schema.type = 'array'; break;
    case 'isObject': case 'isNotEmptyObject': schema.type = 'object'; break;
    case 'isIn': schema.enum = constraints[0] as unknown[]; break;
    case 'isEnum': schema.enum = Object.values(constraints[0] as object); break;
    case 'equals': schema.const = constraints[0]; break;
    case 'isUrl': schema.type = 'string'; schema.format = 'uri'; break;
    case 'isEmail': schema.type = 'string'; schema.format = 'email'; break;
    case 'isUUID': schema.type = 'string'; schema.format = 'uuid'; break;
    // Not format date-time: ISO 8601 also allows a date alone.
    case 'isIso8601': case 'isDateString': schema.type = 'string'; schema.description ??= 'an ISO 8601 date or date-time'; break;
    case 'minLength': schema.minLength = constraints[0]; break;
    case 'maxLength': schema.maxLength = constraints[0]; break;
    case 'length': schema.minLength = constraints[0]; if (constraints[1] !== undefined) schema.maxLength = constraints[1]; break;
    case 'isNotEmpty': schema.not = { enum: ['', null] }; break;
    case 'min': schema.minimum = constraints[0]; break;
    case 'max': schema.maximum = constraints[0]; break;
    case 'isPositive': schema.exclusiveMinimum = 0; break;
    case 'arrayMinSize': schema.minItems = constraints[0]; break;
    case 'arrayMaxSize': schema.maxItems = constraints[0]; break;
    case 'arrayNotEmpty': schema.minItems = 1; break;
    case 'arrayUnique': schema.uniqueItems = true; break;
    case 'matches': if (constraints[0] instanceof RegExp) { schema.type = 'string'; schema.pattern = constraints[0].source; } break;
    case 'isDuration': schema.type = 'string'; schema.pattern = DURATION_PATTERN; schema.description ??= 'a duration such as 500ms, 30s, 5m or 1h'; break;
    case 'isByteSize': schema.type = ['string', 'integer']; schema.description ??= 'a size such as 512kb or 1mb'; break;
    case 'isStringRecord': schema.type = 'object'; schema.additionalProperties = { type: 'string' }; break;
    default: break;
  }
}
