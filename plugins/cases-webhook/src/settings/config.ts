import { Description, IsBoolean, IsIn, IsOptional, IsString, IsStringRecord, Matches, MinLength } from '@relayflow/sdk';
import { AUTH_TYPE_NAMES } from './auth-type';
import { IsStringOrStringRecord } from './string-or-record';

const VERIFICATION_MODES = ['full', 'certificate', 'none'];

/**
 * The connector's config: the Kibana "Webhook - Case Management" fields (same names, same
 * defaults), plus OAuth2 client credentials. Cross-field checks (URLs, templates, auth against
 * secrets) run in the type's `validate`.
 */
export class CasesWebhookConfig {
  @Description('Where to create a case.')
  @IsString() @MinLength(1) createIncidentUrl!: string;
  @Description('post (default), put or patch.')
  @IsOptional() @Matches(/^(post|put|patch)$/i, { message: 'createIncidentMethod must be post, put or patch' }) createIncidentMethod?: string | null;
  @Description('Body template for creating a case (Mustache; must render to JSON).')
  @IsString() @MinLength(1) createIncidentJson!: string;
  @Description('Path to the new case\'s id in the create response: `id`, `data.id`, `fields.ids[0]`.')
  @IsString() @MinLength(1) createIncidentResponseKey!: string;

  @Description('Where to read a case; `{{{external.system.id}}}` is the case id (URL-encoded).')
  @IsString() @MinLength(1) getIncidentUrl!: string;
  @Description('get (default) or post.')
  @IsOptional() @Matches(/^(get|post)$/i, { message: 'getIncidentMethod must be get or post' }) getIncidentMethod?: string | null;
  @Description('Body template for reading a case when getIncidentMethod is post.')
  @IsOptional() @IsString() getIncidentJson?: string | null;
  @Description('Path to the case\'s human-readable title (e.g. Jira\'s `key`) in the get response.')
  @IsString() @MinLength(1) getIncidentResponseExternalTitleKey!: string;

  @Description('The case\'s page for people: `{{{external.system.id}}}`, `{{{external.system.title}}}`.')
  @IsString() @MinLength(1) viewIncidentUrl!: string;

  @Description('Where to update a case.')
  @IsString() @MinLength(1) updateIncidentUrl!: string;
  @Description('put (default), post or patch.')
  @IsOptional() @Matches(/^(post|put|patch)$/i, { message: 'updateIncidentMethod must be post, put or patch' }) updateIncidentMethod?: string | null;
  @Description('Body template for updating a case.')
  @IsString() @MinLength(1) updateIncidentJson!: string;

  @Description('Where to add a comment (optional; without it comments cannot be pushed).')
  @IsOptional() @IsString() createCommentUrl?: string | null;
  @Description('put (default, as in Kibana), post or patch.')
  @IsOptional() @Matches(/^(post|put|patch)$/i, { message: 'createCommentMethod must be post, put or patch' }) createCommentMethod?: string | null;
  @Description('Body template for a comment: `{{{case.comment}}}`.')
  @IsOptional() @IsString() createCommentJson?: string | null;

  @Description('Headers sent with every request; secrets.secretHeaders override them.')
  @IsOptional() @IsStringRecord() headers?: Record<string, string> | null;

  @Description('Whether to authenticate at all (default true, as in Kibana).')
  @IsOptional() @IsBoolean() hasAuth?: boolean | null = true;
  @Description('none, basic (default), ssl, oauth2-client-credentials (or Kibana\'s webhook-authentication-* names).')
  @IsOptional() @IsIn(AUTH_TYPE_NAMES, { message: `authType must be one of: ${AUTH_TYPE_NAMES.join(', ')}` }) authType?: string | null;
  @Description('Kibana\'s ssl-crt-key / ssl-pfx; informational, the secrets given decide.')
  @IsOptional() @IsIn(['ssl-crt-key', 'ssl-pfx'], { message: 'certType must be ssl-crt-key or ssl-pfx' }) certType?: string | null;
  @Description('Extra CA to trust (PEM, or base64 of PEM as Kibana stores it).')
  @IsOptional() @IsString() ca?: string | null;
  @Description('full (default), certificate or none.')
  @IsOptional() @IsIn(VERIFICATION_MODES, { message: 'verificationMode must be full, certificate or none' }) verificationMode?: 'full' | 'certificate' | 'none' | null;

  @Description('OAuth2 client credentials: the token endpoint.')
  @IsOptional() @IsString() accessTokenUrl?: string | null;
  @Description('OAuth2 client credentials: the client id.')
  @IsOptional() @IsString() clientId?: string | null;
  @Description('OAuth2 client credentials: the scope to ask for.')
  @IsOptional() @IsString() scope?: string | null;
  @Description('OAuth2: extra token request fields, a JSON object (string, as Kibana stores it, or object).')
  @IsOptional() @IsStringOrStringRecord() additionalFields?: string | Record<string, string> | null;
}
