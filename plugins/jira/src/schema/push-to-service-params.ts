import {
  Description, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, Transform, Type, ValidateBy, ValidateIf, ValidateNested,
} from '@relayflow/sdk';
import { LabelsWithoutSpaces, NumberToString, ParseJsonText, parseJsonText } from './coercions';

/** One comment to add: Kibana's `{ comment, commentId }`, or just the text in the flat form. */
export class PushComment {
  @Description('The comment text (Jira wiki markup). Empty comments are skipped.')
  @IsString() comment!: string;
  @Description('The caller\'s own id for the comment, echoed back in the output.')
  @IsOptional() @IsString() commentId?: string;
}

/** The issue fields of Kibana's `{ incident: {...}, comments }` form. */
export class JiraIncident {
  @Description('Issue summary (the title); required to create an issue')
  @IsOptional() @IsString() summary?: string;
  @Description('Issue description (Jira wiki markup)')
  @IsOptional() @IsString() description?: string;
  @Description('Id or key of an existing issue: update it instead of creating one')
  @IsOptional() @NumberToString() @IsString() externalId?: string;
  @Description('Issue type name (`Task`) or id (`10002`)')
  @IsOptional() @NumberToString() @IsString() issueType?: string;
  @Description('Priority name (`High`)')
  @IsOptional() @IsString() priority?: string;
  @Description('Parent issue key (`ENG-1`) for sub-tasks and child issues')
  @IsOptional() @IsString() parent?: string;
  @Description('Labels (no spaces): a list or its JSON text')
  @IsOptional() @ParseJsonText('array') @IsArray() @IsString({ each: true }) @LabelsWithoutSpaces() labels?: string[];
  @Description('Any other Jira fields, by field id, sent as given')
  @IsOptional() @ParseJsonText('object') @IsObject() otherFields?: Record<string, unknown>;
}

/** Issue fields that may be given flat or inside `incident`. */
export const INCIDENT_FIELDS = ['summary', 'description', 'externalId', 'issueType', 'priority', 'parent', 'labels', 'otherFields'] as const;

/** True when the push creates an issue (no non-empty `externalId` in either place). */
function creating(o: PushToServiceParams): boolean {
  return !present(o.externalId) && !present(o.incident?.externalId);
}

/** Required on create unless `incident` carries it: validates only then, or when given. */
function requiredOnCreate(field: 'summary'): PropertyDecorator {
  return ValidateIf((o: PushToServiceParams) => present(o[field]) || (creating(o) && !present(o.incident?.[field])));
}

/**
 * Params of `pushToService`. Two forms are accepted and may be mixed:
 * - flat (the seed's form): `{ projectKey, issueType, summary, description, ..., comments }`;
 * - Kibana's: `{ incident: { summary, issueType, ... }, comments }`.
 * A field may be given in one place only, or in both with the same value. `externalId`
 * (non-empty) updates that issue; otherwise an issue is created, which needs `summary` (and takes
 * the project's first issue type when `issueType` is not given). Empty strings count as not given,
 * so a template that renders empty is harmless.
 */
export class PushToServiceParams {
  @Description('Project to create in; the connector\'s `projectKey` when absent.')
  @IsOptional() @IsString() projectKey?: string;
  @Description('Issue type name (`Task`) or id (`10002`). Absent, empty or null on create: the project\'s first issue type from createmeta (as Kibana does); the output then says which one was used.')
  @ValidateIf((o: PushToServiceParams) => present(o.issueType)) @NumberToString() @IsString() @IsNotEmpty() issueType?: string;
  @Description('Issue summary (the title); required to create an issue')
  @requiredOnCreate('summary') @IsString() @IsNotEmpty() summary?: string;
  @Description('Issue description (Jira wiki markup)')
  @IsOptional() @IsString() description?: string;
  @Description('Labels (no spaces): a list or its JSON text')
  @IsOptional() @ParseJsonText('array') @IsArray() @IsString({ each: true }) @LabelsWithoutSpaces() labels?: string[];
  @Description('Priority name (`High`).')
  @IsOptional() @IsString() priority?: string;
  @Description('Parent issue key (`ENG-1`) for sub-tasks and child issues.')
  @IsOptional() @IsString() parent?: string;
  @Description('Any other Jira fields, by field id, sent as given (last, so they may override the others).')
  @IsOptional() @ParseJsonText('object') @IsObject() otherFields?: Record<string, unknown>;
  @Description('Id or key of an existing issue: update it instead of creating one.')
  @IsOptional() @NumberToString() @IsString() externalId?: string;
  @Description('Comments added in order after the create or update: strings or `{ comment, commentId }`.')
  @IsOptional() @Transform(({ obj, key }) => toComments((obj as Record<string, unknown>)[key]))
  @IsArray() @ValidateNested({ each: true }) comments?: PushComment[];
  @Description('Kibana\'s form: the issue fields under `incident`.')
  @IsOptional() @ValidateNested() @Type(() => JiraIncident) @SameAsFlat() incident?: JiraIncident;
}

/** Not `undefined`, `null` or `''`. */
export function present<T>(value: T | null | undefined | ''): value is T {
  return value !== undefined && value !== null && value !== '';
}

function toComments(raw: unknown): unknown {
  const value = parseJsonText(raw, 'array');
  if (!Array.isArray(value)) return value;
  return value.map((c) => {
    if (typeof c === 'string') return Object.assign(new PushComment(), { comment: c });
    if (c && typeof c === 'object' && !Array.isArray(c)) {
      const { commentId } = c as { commentId?: unknown };
      return Object.assign(new PushComment(), c, commentId === undefined ? {} : { commentId: typeof commentId === 'number' ? String(commentId) : commentId });
    }
    return c;
  });
}

/** Fields given both flat and in `incident` must agree. */
function SameAsFlat(): PropertyDecorator {
  const conflicts = (incident: JiraIncident, flat: PushToServiceParams): string[] =>
    INCIDENT_FIELDS.filter((f) => present(incident?.[f]) && present(flat[f]) && JSON.stringify(incident[f]) !== JSON.stringify(flat[f]));
  return ValidateBy({
    name: 'sameAsFlat',
    validator: {
      validate: (value, args) => !value || typeof value !== 'object' || conflicts(value as JiraIncident, args?.object as PushToServiceParams).length === 0,
      defaultMessage: (args) => {
        const fields = conflicts(args?.value as JiraIncident, args?.object as PushToServiceParams);
        return `${args?.property}: ${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} given both at the top level and in incident with different values; give ${fields.length === 1 ? 'it' : 'them'} once`;
      },
    },
  });
}
