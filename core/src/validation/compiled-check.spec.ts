import 'reflect-metadata';
import { expect } from 'chai';
import { plainToInstance, Type } from 'class-transformer';
import {
  Allow, ArrayNotEmpty, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength,
  registerDecorator, ValidateBy, ValidateIf, ValidateNested, validateSync, type ValidationArguments,
} from 'class-validator';
import { WorkflowDefinition } from '../workflow/language/workflow-definition';
import { validateClass } from './class-validation';
import { passesCompiledCheck, passesCompiledPlainCheck } from './compiled-check';
import { IsDuration, IsStringRecord } from './decorators';

/** A validator declared async: validateSync skips it, and so does the check. */
function RemoteCheck(): PropertyDecorator {
  return (target, propertyName) => registerDecorator({
    name: 'remote', async: true, target: target.constructor, propertyName: String(propertyName),
    validator: { validate: async () => false },
  });
}

class Leaf {
  @IsInt() @Min(1) @Max(9) n!: number;
  @IsOptional() @IsIn(['a', 'b']) kind?: string;
}

class Base {
  @IsString() @MinLength(2) id!: string;
}

/** Every kind of metadata the check mirrors, and two it must leave to class-validator. */
class Sample extends Base {
  @IsOptional() @IsString({ each: true }) @ArrayNotEmpty() tags?: string[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Leaf) leaves?: Leaf[];
  @IsOptional() @ValidateNested() @Type(() => Leaf) leaf?: Leaf;
  @IsDefined() @Allow() must?: unknown;
  @ValidateIf((o: Sample) => o.mode === 'url') @IsUrl() target?: string;
  @IsOptional() @IsIn(['url', 'text']) mode?: string;
  @IsOptional() @IsDuration() wait?: string;
  @IsOptional() @IsStringRecord() headers?: Record<string, string>;
  @IsOptional() @Matches(/^x-/) header?: string;
  @IsOptional() @IsBoolean() flag?: boolean;
  @IsOptional() @IsObject() free?: Record<string, unknown>;
  @IsOptional() @ValidateBy({ name: 'eventually', validator: { validate: () => Promise.resolve(false) as unknown as boolean } }) later?: string;
  @IsOptional() @RemoteCheck() remote?: string;
  @IsOptional() @IsArray() @ValidateBy({ name: 'evenLength', validator: { validate: (v: unknown[], args?: ValidationArguments) => Array.isArray(v) && v.length % 2 === 0 && args?.property === 'pairs' } }) pairs?: unknown[];
}

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A key class-transformer treats as the object's machinery (see prototype-keys.ts). */
const PROTOTYPE_KEY: string = 'constructor';
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false } as const;

describe('passesCompiledCheck', () => {
  it('agrees with class-validator on every value, valid or not (differential, 4000 values)', () => {
    const next = random(42);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
    const scalars: unknown[] = [undefined, null, '', 'a', 'ab', 'x-y', 'url', 'text', 'https://example.com/x', 'http://localhost', '5m', '30d', 0, 1, 5, 12, -1, 2.5, true, false, NaN];
    const leaf = (): unknown => (next() < 0.2 ? pick(scalars) : { n: pick([1, 5, 9, 10, 0, '3', undefined]), ...(next() < 0.5 ? { kind: pick(['a', 'b', 'c', null]) } : {}), ...(next() < 0.1 ? { extra: 1 } : {}) });
    const value = (key: string): unknown => {
      switch (key) {
        case 'tags': return pick([[], ['a'], ['a', 2], 'a', null, ['x', 'y']]);
        case 'leaves': return next() < 0.2 ? pick(scalars) : Array.from({ length: Math.floor(next() * 3) }, leaf);
        case 'leaf': return leaf();
        case 'headers': return pick([{}, { a: 'b' }, { a: 1 }, [], 'h']);
        case 'free': return pick([{}, { a: [1] }, [], 'f', null]);
        case 'pairs': return pick([[], [1], [1, 2], 'p']);
        default: return pick(scalars);
      }
    };
    const keys = ['id', 'tags', 'leaves', 'leaf', 'must', 'target', 'mode', 'wait', 'headers', 'header', 'flag', 'free', 'pairs', 'unknownKey'];
    let valid = 0;
    for (let i = 0; i < 4000; i++) {
      const plain: Record<string, unknown> = {};
      for (const key of keys) if (next() < (key === 'id' || key === 'must' ? 0.9 : 0.3)) plain[key] = value(key);
      if (next() < 0.05) plain.later = 'x';
      if (next() < 0.05) plain.remote = 'x';
      const instance = plainToInstance(Sample, plain);
      const errors = validateSync(instance, OPTIONS);
      const compiled = passesCompiledCheck(instance);
      if (plain.later !== undefined) {
        // A promise from a validator not declared async is not awaited by validateSync: the check leaves it to it.
        expect(compiled, JSON.stringify(plain)).to.equal(false);
        continue;
      }
      expect(compiled, JSON.stringify(plain)).to.equal(errors.length === 0);
      if (compiled) valid++;
    }
    expect(valid).to.be.above(50);
  });

  it('agrees with class-validator on workflow documents', () => {
    const docs: unknown[] = [
      { name: 'a', steps: [{ name: 's', type: 'console', with: { message: 'x' } }] },
      { name: 'a', steps: [] },
      { name: 'a', steps: [{ name: 's', type: 'console', 'on-failure': { retry: { 'max-attempts': 0 } } }] },
      { name: 'a', steps: [{ name: 's', type: 'console', 'on-failure': { retry: { 'max-attempts': 2, delay: '1s' } } }], settings: { timeout: '99d' } },
      { name: 'a', triggers: [{ type: 'scheduled', with: { every: '5m' } }], steps: [{ name: 's', type: 'if', condition: true, steps: [{ name: 't', type: 'console' }] }] },
      { name: 'a', inputs: [{ name: '1bad' }], steps: [{ name: 's', type: 'console' }] },
      { name: 'a', steps: [{ name: 's', type: 'console', timeout: 'soon' }] },
    ];
    for (const doc of docs) {
      const instance = plainToInstance(WorkflowDefinition, doc);
      expect(passesCompiledCheck(instance), JSON.stringify(doc)).to.equal(validateSync(instance, OPTIONS).length === 0);
    }
  });
});

describe('passesCompiledPlainCheck', () => {
  it('agrees with validateClass on workflow documents, without making the instance (differential, 3000 documents)', () => {
    const next = random(7);
    // The first choice is a valid one, and taken most of the time.
    const pick = <T>(list: T[]): T => (next() < 0.85 ? list[0] : list[Math.floor(next() * list.length)]);
    const scalar = (): unknown => pick([undefined, null, '', 'x', 'console', 'http', '5m', '100d', 'soon', 0, 1, 3, -1, 1.5, true, false, [], {}, ['a'], { a: 1 }]);
    const retry = (): unknown => pick([{ 'max-attempts': pick([1, 3, 0, '2', 1.5]) }, scalar(), { 'max-attempts': 2, delay: pick(['1s', 'x', 5]), strategy: pick(['fixed', 'exponential', 'linear']), multiplier: pick([2, 0.5, 'x']), jitter: pick([true, 'yes']), extra: 1 }]);
    const step = (depth: number): unknown => {
      if (next() < 0.03) return scalar();
      const s: Record<string, unknown> = { name: pick(['a', 'b', '', 3]), type: pick(['console', 'if', 'http', '', null]) };
      if (next() < 0.3) s.with = pick([{ message: 'hi' }, 'text', null, []]);
      if (next() < 0.1) s.foreach = pick(['{{ event.x }}', ['a'], 3]);
      if (next() < 0.2) s['connector-id'] = pick(['c', 3]);
      if (next() < 0.2) s.if = pick(['a: 1', true, 3]);
      if (next() < 0.2) s.timeout = pick(['30s', '99d', 'x']);
      if (next() < 0.2) s['on-failure'] = pick([{ retry: retry(), continue: pick([true, 'no']), ...(depth < 2 ? { fallback: [step(depth + 1)] } : {}) }, scalar()]);
      if (next() < 0.15 && depth < 2) s.steps = pick([[], [step(depth + 1)], 'x']);
      if (next() < 0.1 && depth < 2) s.else = [step(depth + 1)];
      if (next() < 0.05) s[PROTOTYPE_KEY] = 'x';
      if (next() < 0.05) s.unknown = 1;
      return s;
    };
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const doc: Record<string, unknown> = {};
      if (next() < 0.95) doc.name = pick(['wf', '', 3]);
      if (next() < 0.95) doc.steps = pick([Array.from({ length: 1 + Math.floor(next() * 3) }, () => step(0)), [], 'x']);
      if (next() < 0.2) doc.inputs = [pick([{ name: pick(['team', '1x']), type: pick([undefined, 'string', 'choice', 'date']), options: pick([undefined, [], ['a']]) }, scalar()])];
      if (next() < 0.2) doc.triggers = [pick([{ type: pick(['manual', 'scheduled', 'cron']), with: pick([undefined, { every: '5m' }, 'x']) }, scalar()])];
      if (next() < 0.2) doc.settings = pick([{ timeout: pick(['1h', 'x']), 'on-failure': { retry: retry() } }, scalar()]);
      if (next() < 0.1) doc.consts = pick([{ a: 1 }, 'x']);
      if (next() < 0.1) doc.version = pick(['1', 1, 2]);
      if (next() < 0.1) doc.tags = pick([['a'], ['a', 1]]);
      const plain = passesCompiledPlainCheck(WorkflowDefinition, doc);
      const checked = validateClass(WorkflowDefinition, doc);
      if (plain === true) valid++;
      expect(plain === true, JSON.stringify(doc)).to.equal(checked.ok);
    }
    expect(valid).to.be.above(100);
  });

  it('leaves to validateClass a list where one mapping is declared and a value nested past the depth limit', () => {
    const listed = { name: 'wf', steps: [{ name: 'a', type: 'console' }], settings: { 'on-failure': { retry: [] } } };
    expect(passesCompiledPlainCheck(WorkflowDefinition, listed)).to.not.equal(true);
    expect(validateClass(WorkflowDefinition, listed).ok).to.equal(false);
    let deep: unknown = 'x';
    for (let i = 0; i < 150; i++) deep = { a: deep };
    const nested = { name: 'wf', steps: [{ name: 'a', type: 'console' }], consts: { deep } };
    expect(passesCompiledPlainCheck(WorkflowDefinition, nested)).to.equal(undefined);
    expect(validateClass(WorkflowDefinition, nested).ok).to.equal(false);
  });
});
