import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import type { ValidationError } from 'class-validator';
import { getMetadataStorage, validateSync, ValidationTypes } from './class-validator-parts';
import { closest } from 'fastest-levenshtein';
import type { ClassType } from '../contracts/class-type';
import { passesCompiledCheck } from './compiled-check';
import { escapePrototypeKeys, restorePrototypeKeys } from './prototype-keys';
import { MAX_VALUE_DEPTH, tooDeepPath } from './value-depth';

import type { FieldPath, Problem } from '../contracts/problem';

export type { FieldPath };

/**
 * One problem found while validating a value against a class. `at` says what the location should
 * point at: the offending key (unknown keys), its value, or the enclosing object (missing keys).
 */
export interface FieldProblem {
  path: FieldPath;
  message: string;
  at: 'key' | 'value' | 'parent';
  /** What kind of problem: a `ProblemCode` (`UNKNOWN_KEY`, `MISSING_KEY`, `INVALID_VALUE`, ...), when known. */
  code?: string;
}

/**
 * A field problem as a {@link Problem} without a location: the dotted `path`, the `fieldPath`
 * and the `code` (when it has one).
 */
export function toProblem(p: FieldProblem): Problem {
  const problem: Problem = { path: formatPath(p.path), fieldPath: p.path, message: p.message };
  if (p.code !== undefined) problem.code = p.code;
  return problem;
}

/** The outcome of {@link validateClass}: the instance when valid, else every problem. */
export type ClassValidation<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const MISSING_CONSTRAINTS = new Set(['isDefined', 'isNotEmpty', 'isString', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isInt', 'isIn', 'isUrl', 'isEnum', 'nestedValidation', 'arrayNotEmpty']);

/**
 * Validates a plain value against a class-validator/class-transformer class. Unknown keys are
 * problems (every property of a schema class needs a decorator; `@Allow()` for free-form ones).
 *
 * Valid values are recognised by a check compiled from the same metadata (see
 * compiled-check.ts); class-validator itself runs when there is something to report.
 *
 * @param cls - the schema class
 * @param plain - the parsed input (YAML/JSON)
 * @param base - the path of `plain` in the enclosing document, prefixed to every problem
 * @returns the typed instance, or every problem with its path
 */
export function validateClass<T extends object>(cls: ClassType<T>, plain: unknown, base: FieldPath = []): ClassValidation<T> {
  if (plain === undefined || plain === null) plain = {};
  if (typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, problems: [{ path: base, message: `${describePath(base, 'value')} must be an object`, at: 'value', code: 'INVALID_VALUE' }] };
  }
  // Conversion and validation recurse: a value nested beyond reason is refused before them.
  const deep = tooDeepPath(plain);
  if (deep) {
    const path = [...base, ...deep.slice(0, 3)];
    return { ok: false, problems: [{ path, message: `${describePath(path, 'value')} nests deeper than ${MAX_VALUE_DEPTH} levels; flatten it`, at: 'value', code: 'INVALID_VALUE' }] };
  }
  // Keys named like Object.prototype's members are data: see prototype-keys.ts.
  const instance = plainToInstance(cls, escapePrototypeKeys(plain), { exposeDefaultValues: true }) as T;
  const prototypeKeys: FieldProblem[] = [];
  restorePrototypeKeys(instance, (path, key, owner) => {
    prototypeKeys.push({ path: [...base, ...path], message: unknownKeyMessage(key, owner), at: 'key', code: 'UNKNOWN_KEY' });
  });
  const unconverted = unconvertedNested(instance, [...base]);
  if (unconverted.length) return { ok: false, problems: unconverted };
  // The compiled check says when there is nothing to report; class-validator words what there is.
  if (prototypeKeys.length === 0 && passesCompiledCheck(instance) === true) return { ok: true, value: instance };
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: true, value: true },
  });
  if (errors.length === 0 && prototypeKeys.length === 0) return { ok: true, value: instance };
  const problems: FieldProblem[] = [];
  for (const err of errors) collect(err, [...base], problems);
  return { ok: false, problems: [...problems, ...prototypeKeys] };
}

/**
 * The instance of a value validated against `cls` before (a compiled step's constant `with`, at
 * each run): converted exactly as {@link validateClass} converts it, without checking it again.
 */
export function instantiateChecked<T extends object>(cls: ClassType<T>, plain: unknown): T {
  const instance = plainToInstance(cls, escapePrototypeKeys(plain ?? {}), { exposeDefaultValues: true }) as T;
  restorePrototypeKeys(instance, () => undefined);
  return instance;
}

/**
 * Nested objects declared `@ValidateNested()` that class-transformer left as plain objects: their
 * schema would be silently skipped. That happens when `@Type(() => Class)` is missing, or when
 * the decorators came from a second copy of class-transformer (a plugin bundling its own).
 */
function unconvertedNested(instance: object, path: Array<string | number>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const { property, each } of nestedProperties(Object.getPrototypeOf(instance).constructor)) {
    const value = (instance as Record<string, unknown>)[property];
    // class-validator takes a list where one nested object is declared (and validates its
    // items): `networking: []` passed, and code reading networking.allowedHosts then broke.
    if (!each && Array.isArray(value)) {
      const at = [...path, property];
      problems.push({ path: at, at: 'value', code: 'INVALID_VALUE', message: `${formatPath(at)} must be a mapping (an object with keys), not a list` });
      continue;
    }
    const items: Array<[unknown, Array<string | number>]> = Array.isArray(value)
      ? value.map((v, i) => [v, [...path, property, i]])
      : [[value, [...path, property]]];
    for (const [item, itemPath] of items) {
      if (!item || typeof item !== 'object') continue;
      if (Object.getPrototypeOf(item) === Object.prototype) {
        problems.push({
          path: itemPath, at: 'value', code: 'INVALID_VALUE',
          message: `${formatPath(itemPath)} was not converted to its schema class, so it cannot be validated: its class needs @Type(() => Class) from @relayflow/sdk (if it has one, its plugin bundles its own copy of class-transformer: plugins must take decorators from @relayflow/sdk)`,
        });
      } else {
        problems.push(...unconvertedNested(item, itemPath));
      }
    }
  }
  return problems;
}

const nestedByClass = new WeakMap<object, Array<{ property: string; each: boolean }>>();

/**
 * The `@ValidateNested()` properties of a class, each with whether it holds a list of them
 * (`{ each: true }`) or one (cached: metadata is fixed once classes load).
 */
function nestedProperties(cls: object): Array<{ property: string; each: boolean }> {
  let properties = nestedByClass.get(cls);
  if (!properties) {
    const each = new Map<string, boolean>();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(cls as ClassType<object>, '', true, false)) {
      if (m.type === ValidationTypes.NESTED_VALIDATION) each.set(m.propertyName, (each.get(m.propertyName) ?? false) || m.each === true);
    }
    properties = [...each].map(([property, isEach]) => ({ property, each: isEach }));
    nestedByClass.set(cls, properties);
  }
  return properties;
}

function collect(err: ValidationError, parent: Array<string | number>, out: FieldProblem[]): void {
  const key = /^\d+$/.test(err.property) && Array.isArray(err.value) === false && isArrayParent(err) ? Number(err.property) : err.property;
  const path = [...parent, key];
  const constraints = err.constraints ?? {};
  if (constraints.whitelistValidation) {
    out.push({ path, message: unknownKeyMessage(err.property, err.target as object | undefined), at: 'key', code: 'UNKNOWN_KEY' });
  } else if (err.value === undefined && Object.keys(constraints).some((c) => MISSING_CONSTRAINTS.has(c))) {
    out.push({ path, message: `missing required key "${err.property}"`, at: 'parent', code: 'MISSING_KEY' });
  } else {
    for (const message of Object.values(constraints)) {
      out.push({ path, message: rewordConstraint(message, err.property, path), at: 'value', code: 'INVALID_VALUE' });
    }
  }
  for (const child of err.children ?? []) collect(child, path, out);
}

function isArrayParent(err: ValidationError): boolean {
  return Array.isArray(err.target);
}

function unknownKeyMessage(property: string, target: object | undefined): string {
  const known = target ? knownProperties(Object.getPrototypeOf(target).constructor as ClassType<object>) : [];
  if (known.length === 0) return `unknown key ${quoteKey(property)} (this schema accepts no keys)`;
  const guess = closest(property, known);
  const hint = guess && similar(property, guess) ? `; did you mean "${guess}"?` : `; expected one of: ${known.join(', ')}`;
  return `unknown key ${quoteKey(property)}${hint}`;
}

/** A key that reads as a name: no quotes, brackets, commas, colons or control characters; at most 64 characters. */
const NAME_LIKE = /^[^"'`{}[\],:\p{Cc}]{1,64}$/u;

/**
 * A key as a message shows it: quoted when it reads as a name, else described. A key that is
 * not a name is usually a broken line (a lost quote or line break made the rest of a YAML line,
 * or a whole document, into a key), and quoting it would print whatever the line held, secrets
 * included.
 */
export function quoteKey(key: string): string {
  return NAME_LIKE.test(key) ? `"${key}"` : `(not a name: ${key.length} characters with quotes, brackets, colons or control characters; is a quote or a line break missing?)`;
}

/** The decorated property names of a schema class. */
export function knownProperties(cls: ClassType<object>): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

function similar(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la === lb || la.includes(lb) || lb.includes(la)) return true;
  let distance = 0;
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) distance++;
  return distance <= Math.max(2, Math.floor(Math.min(la.length, lb.length) / 3));
}

/** class-validator says "url must be a URL address"; we say where: "secrets.url must be ...". */
function rewordConstraint(message: string, property: string, path: FieldPath): string {
  const where = formatPath(path);
  return message.startsWith(property) ? where + message.slice(property.length) : `${where}: ${message}`;
}

function describePath(path: FieldPath, fallback: string): string {
  return path.length ? formatPath(path) : fallback;
}

/** `['steps', 2, 'with', 'summary']` → `steps[2].with.summary`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      // A long key that is not a name (a broken line) is not printed: see quoteKey.
      const name = part.length > 64 && !NAME_LIKE.test(part) ? `<key of ${part.length} characters>` : part;
      out += out ? `.${name}` : name;
    }
  }
  return out;
}
