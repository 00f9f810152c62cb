import { Description, IsArray, IsNotEmpty, IsOptional, IsString, Type, ValidateNested } from '@relayflow/sdk';

/** The case to push (Kibana's `incident`). Without `externalId` a case is created, with it updated. */
export class Incident {
  @Description('The case title, available to the body templates as `case.title`')
  @IsString() @IsNotEmpty() title!: string;
  @Description('The case description (`case.description`)')
  @IsOptional() @IsString() description?: string | null;
  @Description('Tags (`case.tags`)')
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[] | null;
  @Description('Severity (`case.severity`)')
  @IsOptional() @IsString() severity?: string | null;
  @Description('Status (`case.status`)')
  @IsOptional() @IsString() status?: string | null;
  @Description('The case\'s id on the pushing side (Kibana\'s case id), available as `case.id`.')
  @IsOptional() @IsString() id?: string | null;
  @Description('The remote case\'s id: set to update that case; absent or empty to create one.')
  @IsOptional() @IsString() externalId?: string | null;
}

/** One comment to add after the create or update. */
export class IncidentComment {
  @Description('The comment text (`case.comment` in createCommentJson)')
  @IsString() comment!: string;
  @Description('Echoed back in the output so the caller can tell which comments were pushed.')
  @IsOptional() @IsString() commentId?: string | null;
}

/** `pushToService` params (the step's `with`). */
export class PushToServiceParams {
  @Description('The case to create, or to update when it has an externalId')
  @ValidateNested() @Type(() => Incident) incident!: Incident;
  @Description('Comments to add after the create or update, in order')
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IncidentComment) comments?: IncidentComment[] | null;
}

/** `getIncident` params. */
export class GetIncidentParams {
  @Description('The remote case\'s id')
  @IsString() @IsNotEmpty() externalId!: string;
}
