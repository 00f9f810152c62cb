/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ClassValidator from 'class-validator';

type Exports = typeof ClassValidator;

/**
 * One export of class-validator, from the file that defines it. The package's index loads every
 * decorator it has, and with them libphonenumber-js and most of validator.js: ~110 ms of a
 * command's start on this machine, against ~25 ms for the files Relayflow uses. The metadata
 * store is the same either way (class-validator keeps it on the global object).
 */
function part<K extends keyof Exports>(file: string, name: K): Exports[K] {
  return (require(`class-validator/cjs/${file}`) as Exports)[name];
}

export const Allow = part('decorator/common/Allow', 'Allow');
export const ArrayNotEmpty = part('decorator/array/ArrayNotEmpty', 'ArrayNotEmpty');
export const IsArray = part('decorator/typechecker/IsArray', 'IsArray');
export const IsBoolean = part('decorator/typechecker/IsBoolean', 'IsBoolean');
export const IsDefined = part('decorator/common/IsDefined', 'IsDefined');
export const IsIn = part('decorator/common/IsIn', 'IsIn');
export const IsInt = part('decorator/typechecker/IsInt', 'IsInt');
export const IsISO8601 = part('decorator/string/IsISO8601', 'IsISO8601');
export const IsNumber = part('decorator/typechecker/IsNumber', 'IsNumber');
export const IsObject = part('decorator/typechecker/IsObject', 'IsObject');
export const IsOptional = part('decorator/common/IsOptional', 'IsOptional');
export const IsString = part('decorator/typechecker/IsString', 'IsString');
export const IsUrl = part('decorator/string/IsUrl', 'IsUrl');
export const Matches = part('decorator/string/Matches', 'Matches');
export const Max = part('decorator/number/Max', 'Max');
export const Min = part('decorator/number/Min', 'Min');
export const MinLength = part('decorator/string/MinLength', 'MinLength');
export const ValidateBy = part('decorator/common/ValidateBy', 'ValidateBy');
export const ValidateNested = part('decorator/common/ValidateNested', 'ValidateNested');
export const ValidationTypes = part('validation/ValidationTypes', 'ValidationTypes');
export const getMetadataStorage = part('metadata/MetadataStorage', 'getMetadataStorage');

/** class-validator's `validateSync(object, options)`: its Validator, from the container as the index takes it. */
export function validateSync(object: object, options: ClassValidator.ValidatorOptions): ClassValidator.ValidationError[] {
  const { getFromContainer } = require('class-validator/cjs/container') as { getFromContainer<T>(cls: new () => T): T };
  const { Validator } = require('class-validator/cjs/validation/Validator') as { Validator: new () => ClassValidator.Validator };
  return getFromContainer(Validator).validateSync(object, options);
}
