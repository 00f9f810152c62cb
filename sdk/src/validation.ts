/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ClassValidator from 'class-validator';

/**
 * The class-validator and class-transformer decorators for schema classes (config, secrets,
 * params), re-exported so a plugin never has its own copy: a second copy keeps its metadata in
 * a store core never reads, and the plugin's schemas would be ignored.
 *
 * Each decorator comes from the file that defines it: class-validator's index loads every
 * decorator it has (and libphonenumber-js and most of validator.js with them), ~110 ms of every
 * command's start.
 */
type Exports = typeof ClassValidator;

function part<K extends keyof Exports>(file: string, name: K): Exports[K] {
  return (require(`class-validator/cjs/${file}`) as Exports)[name];
}

/** class-validator's `Allow` decorator. */
export const Allow = part('decorator/common/Allow', 'Allow');
/** class-validator's `ArrayMaxSize` decorator. */
export const ArrayMaxSize = part('decorator/array/ArrayMaxSize', 'ArrayMaxSize');
/** class-validator's `ArrayMinSize` decorator. */
export const ArrayMinSize = part('decorator/array/ArrayMinSize', 'ArrayMinSize');
/** class-validator's `ArrayNotEmpty` decorator. */
export const ArrayNotEmpty = part('decorator/array/ArrayNotEmpty', 'ArrayNotEmpty');
/** class-validator's `ArrayUnique` decorator. */
export const ArrayUnique = part('decorator/array/ArrayUnique', 'ArrayUnique');
/** class-validator's `Equals` decorator. */
export const Equals = part('decorator/common/Equals', 'Equals');
/** class-validator's `IsArray` decorator. */
export const IsArray = part('decorator/typechecker/IsArray', 'IsArray');
/** class-validator's `IsBase64` decorator. */
export const IsBase64 = part('decorator/string/IsBase64', 'IsBase64');
/** class-validator's `IsBoolean` decorator. */
export const IsBoolean = part('decorator/typechecker/IsBoolean', 'IsBoolean');
/** class-validator's `IsDefined` decorator. */
export const IsDefined = part('decorator/common/IsDefined', 'IsDefined');
/** class-validator's `IsEmail` decorator. */
export const IsEmail = part('decorator/string/IsEmail', 'IsEmail');
/** class-validator's `IsEnum` decorator. */
export const IsEnum = part('decorator/typechecker/IsEnum', 'IsEnum');
/** class-validator's `IsIn` decorator. */
export const IsIn = part('decorator/common/IsIn', 'IsIn');
/** class-validator's `IsInt` decorator. */
export const IsInt = part('decorator/typechecker/IsInt', 'IsInt');
/** class-validator's `IsISO8601` decorator. */
export const IsISO8601 = part('decorator/string/IsISO8601', 'IsISO8601');
/** class-validator's `IsJSON` decorator. */
export const IsJSON = part('decorator/string/IsJSON', 'IsJSON');
/** class-validator's `IsNotEmpty` decorator. */
export const IsNotEmpty = part('decorator/common/IsNotEmpty', 'IsNotEmpty');
/** class-validator's `IsNotEmptyObject` decorator. */
export const IsNotEmptyObject = part('decorator/object/IsNotEmptyObject', 'IsNotEmptyObject');
/** class-validator's `IsNumber` decorator. */
export const IsNumber = part('decorator/typechecker/IsNumber', 'IsNumber');
/** class-validator's `IsObject` decorator. */
export const IsObject = part('decorator/typechecker/IsObject', 'IsObject');
/** class-validator's `IsOptional` decorator. */
export const IsOptional = part('decorator/common/IsOptional', 'IsOptional');
/** class-validator's `IsPositive` decorator. */
export const IsPositive = part('decorator/number/IsPositive', 'IsPositive');
/** class-validator's `IsString` decorator. */
export const IsString = part('decorator/typechecker/IsString', 'IsString');
/** class-validator's `IsUrl` decorator. */
export const IsUrl = part('decorator/string/IsUrl', 'IsUrl');
/** class-validator's `IsUUID` decorator. */
export const IsUUID = part('decorator/string/IsUUID', 'IsUUID');
/** class-validator's `Length` decorator. */
export const Length = part('decorator/string/Length', 'Length');
/** class-validator's `Matches` decorator. */
export const Matches = part('decorator/string/Matches', 'Matches');
/** class-validator's `Max` decorator. */
export const Max = part('decorator/number/Max', 'Max');
/** class-validator's `MaxLength` decorator. */
export const MaxLength = part('decorator/string/MaxLength', 'MaxLength');
/** class-validator's `Min` decorator. */
export const Min = part('decorator/number/Min', 'Min');
/** class-validator's `MinLength` decorator. */
export const MinLength = part('decorator/string/MinLength', 'MinLength');
/** class-validator's `NotContains` decorator. */
export const NotContains = part('decorator/string/NotContains', 'NotContains');
/** class-validator's `Validate` decorator. */
export const Validate = part('decorator/common/Validate', 'Validate');
/** class-validator's `ValidateBy` decorator. */
export const ValidateBy = part('decorator/common/ValidateBy', 'ValidateBy');
/** class-validator's `ValidateIf` decorator. */
export const ValidateIf = part('decorator/common/ValidateIf', 'ValidateIf');
/** class-validator's `ValidateNested` decorator. */
export const ValidateNested = part('decorator/common/ValidateNested', 'ValidateNested');
/** class-validator's `ValidatorConstraint` decorator. */
export const ValidatorConstraint = part('decorator/common/Validate', 'ValidatorConstraint');
export type { ValidationArguments, ValidationOptions, ValidatorConstraintInterface } from 'class-validator';
export { Transform, Type } from 'class-transformer';
