/**
 * The class-validator and class-transformer decorators for schema classes (config, secrets,
 * params), re-exported so a plugin never has its own copy: a second copy keeps its metadata in
 * a store core never reads, and the plugin's schemas would be ignored.
 */
export {
  Allow, ArrayMaxSize, ArrayMinSize, ArrayNotEmpty, ArrayUnique, Equals, IsArray, IsBase64, IsBoolean, IsDefined,
  IsEmail, IsEnum, IsIn, IsInt, IsISO8601, IsJSON, IsNotEmpty, IsNotEmptyObject, IsNumber, IsObject, IsOptional,
  IsPositive, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min, MinLength, NotContains, Validate,
  ValidateBy, ValidateIf, ValidateNested, ValidatorConstraint,
} from 'class-validator';
export type { ValidationArguments, ValidationOptions, ValidatorConstraintInterface } from 'class-validator';
export { Transform, Type } from 'class-transformer';
