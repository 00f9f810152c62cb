import { IsArray, IsNotEmpty, IsOptional, IsString, Type, ValidateNested } from '@relayflow/sdk';

/** The case to push (Kibana's `incident`). Without `externalId` a case is created, with it updated. */
export class Incident {
  @IsString() @IsNotEmpty() title!: string;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[] | null;
  @IsOptional() @IsString() severity?: string | null;
  @IsOptional() @IsString() status?: string | null;
  /** The case's id on the pushing side (Kibana's case id), available as `case.id`. */
  @IsOptional() @IsString() id?: string | null;
  /** The remote case's id: set to update that case; absent or empty to create one. */
  @IsOptional() @IsString() externalId?: string | null;
}

/** One comment to add after the create or update. */
export class IncidentComment {
  @IsString() comment!: string;
  /** Echoed back in the output so the caller can tell which comments were pushed. */
  @IsOptional() @IsString() commentId?: string | null;
}

/** `pushToService` params (the step's `with`). */
export class PushToServiceParams {
  @ValidateNested() @Type(() => Incident) incident!: Incident;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IncidentComment) comments?: IncidentComment[] | null;
}

/** `getIncident` params. */
export class GetIncidentParams {
  @IsString() @IsNotEmpty() externalId!: string;
}
