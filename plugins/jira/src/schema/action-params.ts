import { Description, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from '@relayflow/sdk';
import { NumberToString } from './coercions';

/** `getIncident`: one issue by id or key, with all its fields. */
export class GetIncidentParams {
  @Description('Issue id (`10001`) or key (`ENG-1`).')
  @NumberToString() @IsString() @IsNotEmpty() externalId!: string;
}

/** `issueTypes`: the issue types a project can create. */
export class IssueTypesParams {
  @Description('Project key (`ENG`); the connector\'s projectKey when absent')
  @IsOptional() @IsString() projectKey?: string;
}

/** `fieldsByIssueType`: the create-screen fields of one issue type. */
export class FieldsByIssueTypeParams {
  @Description('Issue type id (`10002`) or name (`Task`).')
  @NumberToString() @IsString() @IsNotEmpty() id!: string;
  @Description('Project key (`ENG`); the connector\'s projectKey when absent')
  @IsOptional() @IsString() projectKey?: string;
}

/** `getFields`: the fields every issue type of the project has. */
export class GetFieldsParams {
  @Description('Project key (`ENG`); the connector\'s projectKey when absent')
  @IsOptional() @IsString() projectKey?: string;
}

/** `issues`: issues of the project whose summary matches a text. */
export class IssuesParams {
  @Description('Text to look for in summaries, taken literally (JQL and Lucene syntax are escaped).')
  @IsString() @IsNotEmpty() title!: string;
  @Description('Project key (`ENG`); the connector\'s projectKey when absent')
  @IsOptional() @IsString() projectKey?: string;
  @Description('At most this many issues (1-100; Jira\'s default when absent).')
  @IsOptional() @IsInt() @Min(1) @Max(100) maxResults?: number;
}

/** `issue`: one issue's id, key and summary. */
export class IssueParams {
  @Description('Issue id or key.')
  @NumberToString() @IsString() @IsNotEmpty() id!: string;
}
