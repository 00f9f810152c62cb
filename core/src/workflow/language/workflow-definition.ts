import { Type } from 'class-transformer';
import {
  Allow, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MinLength, ValidateNested,
} from '../../validation/class-validator-parts';
import { IsDuration } from '../../validation/decorators';
import { OnFailureDefinition, StepDefinition } from './step-definition';
import { TriggerDefinition } from './trigger-definition';

/** The types an input may declare. */
export const INPUT_TYPES = ['string', 'number', 'boolean', 'choice', 'array'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** One `inputs` entry: a typed value given at run time (`--input name=value`). */
export class InputDefinition {
  @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_-]*$/, { message: 'input names are letters, digits, _ and - (starting with a letter or _)' }) name!: string;
  @IsIn(INPUT_TYPES) type: InputType = 'string';
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsBoolean() required?: boolean;
  @Allow() default?: unknown;
  /** `choice`: the allowed values. */
  @IsOptional() @IsArray() @ArrayNotEmpty() options?: unknown[];
}

/** `settings`: execution-wide limits and the default failure handling. */
export class WorkflowSettings {
  /** Wall-clock limit of the whole execution; when it passes, the execution ends `timed_out`. */
  @IsOptional() @IsDuration() timeout?: string;
  /** The default `on-failure` of every step that is not an `if`/`foreach` block. */
  @IsOptional() @ValidateNested() @Type(() => OnFailureDefinition) 'on-failure'?: OnFailureDefinition;
}

/** A workflow file (contract §4). */
export class WorkflowDefinition {
  @IsOptional() @IsIn(['1', 1]) version?: string | number;
  @IsString() @MinLength(1) name!: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TriggerDefinition) triggers?: TriggerDefinition[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => InputDefinition) inputs?: InputDefinition[];
  @IsOptional() @IsObject() consts?: Record<string, unknown>;
  @IsOptional() @ValidateNested() @Type(() => WorkflowSettings) settings?: WorkflowSettings;
  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => StepDefinition) steps!: StepDefinition[];
}
