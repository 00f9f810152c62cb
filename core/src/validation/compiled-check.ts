import type { ValidationArguments } from 'class-validator';
import { getMetadataStorage, ValidationTypes } from './class-validator-parts';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { ClassType } from '../contracts/class-type';
import { isPrototypeName } from './prototype-keys';
import { tooDeepPath } from './value-depth';

// class-transformer keeps its metadata in a store it does not export from its main entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: transformerMetadata } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/** What class-validator keeps of one validator class (its `ConstraintMetadata`). */
interface Constraint {
  instance: { validate(value: unknown, args: ValidationArguments): unknown };
  async: boolean;
}

/** The parts of class-validator's metadata storage read here (all there in 0.14 and 0.15). */
interface Storage {
  validationMetadatas: Map<unknown, ValidationMetadata[]>;
  getTargetValidationMetadatas(target: object, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): ValidationMetadata[];
  groupByPropertyName(metadatas: ValidationMetadata[]): Record<string, ValidationMetadata[]>;
  getTargetValidatorConstraints(target: object): Constraint[];
}

type Check = (object: Record<string, unknown>) => boolean;
type ValueCheck = (object: Record<string, unknown>, value: unknown) => boolean;

const KNOWN_TYPES = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.NESTED_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST, ValidationTypes.IS_DEFINED,
]);
/** Per class: its check, or null when it uses something not mirrored here (class-validator then decides). */
const checks = new WeakMap<object, Check | null>();

/**
 * Whether a class instance passes its class-validator schema, decided by a check compiled once
 * per class from the same metadata, in the same order and with the same validator functions as
 * `validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues:
 * false })` (class-validator's `ValidationExecutor`), but without building a `ValidationError`
 * per property, grouping metadata and looking validators up on every call.
 *
 * Used as a gate: `true` means class-validator finds no error; anything else (`false`, or
 * `undefined` for a class using what is not mirrored: promise validation, schemas registered by
 * name) means ask class-validator, which then words every problem. So messages never change.
 */
export function passesCompiledCheck(instance: object): boolean | undefined {
  const check = checkOf(instance.constructor);
  return check ? check(instance as Record<string, unknown>) : undefined;
}

function checkOf(target: object): Check | null {
  let check = checks.get(target);
  if (check === undefined) {
    check = compile(target);
    checks.set(target, check);
  }
  return check;
}

function storage(): Storage | undefined {
  const store = getMetadataStorage() as unknown as Partial<Storage>;
  if (!(store.validationMetadatas instanceof Map) || typeof store.getTargetValidationMetadatas !== 'function'
    || typeof store.groupByPropertyName !== 'function' || typeof store.getTargetValidatorConstraints !== 'function') return undefined;
  // Schemas registered by name (registerSchema) join a nested object's metadata by its parent's name.
  for (const key of store.validationMetadatas.keys()) if (typeof key === 'string') return undefined;
  return store as Storage;
}

function compile(target: object): Check | null {
  const store = storage();
  if (!store) return null;
  const grouped = store.groupByPropertyName(store.getTargetValidationMetadatas(target, '', false, false, undefined));
  const names = Object.keys(grouped);
  const allowed = new Set(names.filter((name) => grouped[name].length > 0));
  const properties: Array<[string, ValueCheck]> = [];
  for (const name of names) {
    const metadatas = grouped[name];
    if (metadatas.some((m) => !KNOWN_TYPES.has(m.type))) return null;
    const property = propertyCheck(store, metadatas);
    if (property) properties.push([name, property]);
  }
  return (object) => {
    // whitelist + forbidNonWhitelisted: every key needs metadata.
    for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
    for (const [name, check] of properties) if (!check(object, object[name])) return false;
    return true;
  };
}

/** `performValidations` of one property: conditions, isDefined, custom validators, then nested ones. */
function propertyCheck(store: Storage, metadatas: ValidationMetadata[]): ValueCheck | undefined {
  const conditions = metadatas.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.constraints[0] as (object: object, value: unknown) => boolean);
  const defined = metadatas.filter((m) => m.type === ValidationTypes.IS_DEFINED).map((m) => customCheck(store, m));
  const custom = metadatas.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION).map((m) => customCheck(store, m));
  const nestedMetadatas = metadatas.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  const nested = nestedMetadatas.length;
  // One nested object declared (no `each`): a list there is refused (validateClass's unconvertedNested).
  const single = nested > 0 && !nestedMetadatas.some((m) => m.each === true);
  const validators = [...defined, ...custom];
  if (validators.length === 0 && nested === 0) return undefined;
  return (object, value) => {
    let run = true;
    for (const condition of conditions) run = condition(object, value) && run;
    if (!run) return true;
    for (const validate of validators) if (!validate(object, value)) return false;
    if (single && Array.isArray(value)) return false;
    for (let i = 0; i < nested; i++) if (!nestedValid(value)) return false;
    return true;
  };
}

/** One custom validator (a built-in decorator, IsDefined, or a plugin's own), as `customValidations` runs it. */
function customCheck(store: Storage, metadata: ValidationMetadata): ValueCheck {
  // validateSync skips validators declared async.
  const constraints = store.getTargetValidatorConstraints(metadata.constraintCls).filter((c) => !c.async);
  const validateIf = (metadata as ValidationMetadata & { validateIf?: (object: object, value: unknown) => boolean }).validateIf;
  return (object, value) => {
    if (validateIf && !validateIf(object, value)) return true;
    for (const constraint of constraints) {
      const args: ValidationArguments = {
        targetName: object.constructor ? object.constructor.name : (undefined as unknown as string),
        property: metadata.propertyName, object, value, constraints: metadata.constraints,
      };
      if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
        if (!passed(constraint.instance.validate(value, args))) return false;
      } else {
        for (const item of asArray(value)) if (!passed(constraint.instance.validate(item, args))) return false;
      }
    }
    return true;
  };
}

/** A validator's answer: a promise (not awaited by validateSync) is not known here to pass. */
function passed(result: unknown): boolean {
  return Boolean(result) && !(typeof (result as { then?: unknown })?.then === 'function');
}

/** `nestedValidations`: lists item by item, objects by their own class, anything else but undefined fails. */
function nestedValid(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
    const items = value instanceof Set ? Array.from(value) : value;
    let ok = true;
    items.forEach((item: unknown) => {
      ok = ok && nestedValid(item);
    });
    return ok;
  }
  if (value instanceof Object) {
    const check = checkOf(value.constructor);
    return check !== null && check(value as Record<string, unknown>);
  }
  return false;
}

function asArray(value: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] {
  if (value instanceof Map) return Array.from(value.values());
  return Array.isArray(value) ? value : Array.from(value);
}

/**
 * What {@link passesCompiledCheck} says of the instance class-transformer would make of `plain`
 * (`plainToInstance(cls, plain, { exposeDefaultValues: true })`), for a value whose instance is
 * not needed (a workflow document: the compiler reads the plain value). The instance is made
 * here, only for classes whose conversion is plain: `new cls()` (its defaults), then the value's
 * keys, nested values typed by `@Type(() => Class)` converted the same way; no `@Transform`,
 * `@Expose`, `@Exclude` or discriminator, and every `@ValidateNested` property typed.
 * @returns true when class-validator finds nothing; else false or undefined (ask it)
 */
export function passesCompiledPlainCheck(cls: ClassType<object>, plain: unknown): boolean | undefined {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain) || !conversionOf(cls)) return undefined;
  // A value nested beyond reason is validateClass's to refuse (it checks the depth before anything recurses).
  if (tooDeepPath(plain)) return undefined;
  const instance = convert(cls, plain as Record<string, unknown>);
  return instance === undefined ? undefined : passesCompiledCheck(instance);
}

/** Per class: its `@Type` targets by property, or null when its conversion is not plain (see above). */
const conversions = new WeakMap<object, Map<string, ClassType<object>> | null>();

function conversionOf(cls: ClassType<object>): Map<string, ClassType<object>> | null {
  const known = conversions.get(cls);
  if (known !== undefined) return known;
  const types = new Map<string, ClassType<object>>();
  conversions.set(cls, types); // a class that nests itself (steps in steps) is being checked
  const plainConversion = ((): boolean => {
    if (transformerMetadata.getExposedMetadatas(cls).length || transformerMetadata.getExcludedMetadatas(cls).length) return false;
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined);
    for (const property of new Set(metadatas.map((m) => m.propertyName))) {
      if (transformerMetadata.findTransformMetadatas(cls, property, 0 /* TransformationType.PLAIN_TO_CLASS */).length) return false;
      const type = transformerMetadata.findTypeMetadata(cls, property);
      const nested = metadatas.some((m) => m.propertyName === property && m.type === ValidationTypes.NESTED_VALIDATION);
      if (!type) {
        if (nested) return false;
        continue;
      }
      if (type.options?.discriminator) return false;
      const target = type.typeFunction({ newObject: undefined, object: {}, property } as never) as unknown;
      if (typeof target !== 'function' || target === Object || !conversionOf(target as ClassType<object>)) return false;
      types.set(property, target as ClassType<object>);
    }
    return true;
  })();
  if (!plainConversion) conversions.set(cls, null);
  return plainConversion ? types : null;
}

/** The instance of `cls` for `plain`, or undefined for a key class-transformer treats specially. */
function convert(cls: ClassType<object>, plain: Record<string, unknown>): object | undefined {
  const types = conversions.get(cls);
  if (!types) return undefined;
  const instance = new cls() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    if (isPrototypeName(key)) return undefined;
    const value = plain[key];
    const type = types.get(key);
    if (value === undefined) {
      // exposeDefaultValues: an undefined value keeps the default.
      instance[key] = instance[key];
      continue;
    }
    if (type === undefined || typeof value !== 'object' || value === null) {
      instance[key] = value;
      continue;
    }
    const converted = convertValue(type, value);
    if (converted === undefined) return undefined;
    instance[key] = converted;
  }
  return instance;
}

function convertValue(type: ClassType<object>, value: object): unknown {
  if (!Array.isArray(value)) return convert(type, value as Record<string, unknown>);
  const out: unknown[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) out.push(item);
    else {
      const converted = convertValue(type, item);
      if (converted === undefined) return undefined;
      out.push(converted);
    }
  }
  return out;
}
