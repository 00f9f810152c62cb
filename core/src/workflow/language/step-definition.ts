import { Type } from 'class-transformer';
import { Allow, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Min, MinLength, ValidateNested } from '../../validation/class-validator-parts';
import { IsDuration } from '../../validation/decorators';

/** `on-failure.retry`: how often and how long to wait before trying a failed step again. */
export class RetryDefinition {
  /** Total attempts, the first included (`max-attempts: 3` = one try and up to two retries). */
  @IsInt() @Min(1) 'max-attempts'!: number;
  /** Wait before the first retry (default 1s). */
  @IsOptional() @IsDuration() delay?: string;
  /** `fixed` (default) waits `delay` every time; `exponential` multiplies it each retry. */
  @IsOptional() @IsIn(['fixed', 'exponential']) strategy?: 'fixed' | 'exponential';
  /** Exponential growth factor (default 2). */
  @IsOptional() @IsNumber() @Min(1) multiplier?: number;
  /** Longest wait between attempts: caps exponential growth and a connector's retry-at (either strategy). */
  @IsOptional() @IsDuration() 'max-delay'?: string;
  /** Randomise each wait between half and all of it. */
  @IsOptional() @IsBoolean() jitter?: boolean;
}

/** `on-failure`: retry, then fallback steps, then continue (contract §4.4). */
export class OnFailureDefinition {
  @IsOptional() @ValidateNested() @Type(() => RetryDefinition) retry?: RetryDefinition;
  @IsOptional() @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => StepDefinition) fallback?: StepDefinition[];
  @IsOptional() @IsBoolean() continue?: boolean;
}

/**
 * One step as written. Which keys a step may use depends on its type (`condition`, `steps` and
 * `else` belong to `if`; `foreach` + `steps` make a loop block; `connector-id` to connector
 * steps); the compiler checks that.
 */
export class StepDefinition {
  @IsString() @MinLength(1) name!: string;
  @IsString() @MinLength(1) type!: string;
  @IsOptional() @IsString() 'connector-id'?: string;
  @IsOptional() @IsObject() with?: Record<string, unknown>;
  /** A guard: the step runs only when it is true (KQL, `true`/`false` or a `${{ }}` boolean). */
  @Allow() if?: string | boolean;
  /** Run the step once per item: a template resolving to an array, or a YAML list. */
  @Allow() foreach?: string | unknown[];
  @IsOptional() @IsDuration() timeout?: string;
  @IsOptional() @ValidateNested() @Type(() => OnFailureDefinition) 'on-failure'?: OnFailureDefinition;
  /** `if` steps: the condition choosing `steps` or `else`. */
  @Allow() condition?: string | boolean;
  /** `if` and `foreach` steps: the nested steps. */
  @IsOptional() @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => StepDefinition) steps?: StepDefinition[];
  /** `if` steps: the steps run when the condition is false. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => StepDefinition) else?: StepDefinition[];
}
