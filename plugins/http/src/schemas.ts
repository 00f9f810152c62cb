import {
  Allow, Description, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsStringRecord, Min, parseDuration, Transform, Type, ValidateBy, ValidateNested, type HttpMethod, type ValidationOptions, type VerificationMode,
} from '@relayflow/sdk';

/** Methods the `http` step sends (Kibana's five, plus HEAD and OPTIONS). */
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * `authType` values: the short names, and Kibana's Webhook-family names for configs copied from
 * Kibana. Absent or null: inferred from the secrets that are set.
 */
export const AUTH_TYPES = [
  'none', 'basic', 'bearer', 'ssl', 'oauth2', 'oauth2-client-credentials',
  'webhook-authentication-basic', 'webhook-authentication-ssl', 'webhook-oauth2-client-credentials',
] as const;
export type AuthTypeName = (typeof AUTH_TYPES)[number];

const VERIFICATION_MODES: readonly VerificationMode[] = ['full', 'certificate', 'none'];

/** Header values from YAML may be numbers or booleans: send them as text. */
const headerValues = ({ value }: { value: unknown }): unknown => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  return out;
};
/** Methods in any case (Kibana stores `post`). */
const upperCase = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toUpperCase() : value);
/** A rendered template gives text: accept "true"/"false" for booleans. */
const booleanText = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
/** …and digits for integers. */
const integerText = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value);

function IsQueryRecord(options?: ValidationOptions): PropertyDecorator {
  const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null;
  return ValidateBy({
    name: 'isQueryRecord',
    validator: {
      validate: (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
        && Object.values(value).every((v) => scalar(v) || (Array.isArray(v) && v.every(scalar))),
      defaultMessage: (args) => `${args?.property} must be an object of strings, numbers or booleans (or lists of them)`,
    },
  }, options);
}

function IsTimeout(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeout',
    validator: {
      validate: (value) => (typeof value === 'number' && Number.isFinite(value) && value > 0) || parseDuration(value) !== undefined,
      defaultMessage: (args) => `${args?.property} must be milliseconds (a positive number) or a duration such as 30s (got ${JSON.stringify(args?.value)})`,
    },
  }, options);
}

function IsJsonObjectText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isJsonObjectText',
    validator: {
      validate: (value) => {
        if (typeof value === 'object') return value !== null && !Array.isArray(value);
        if (typeof value !== 'string') return false;
        try {
          const parsed: unknown = JSON.parse(value);
          return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
        } catch {
          return false;
        }
      },
      defaultMessage: (args) => `${args?.property} must be a JSON object (or its JSON text) of extra token request fields`,
    },
  }, options);
}

/** Kibana 9.3's `fetcher` options of the http step. */
export class FetcherOptions {
  @Description('Accept any server certificate (verification mode `none` for this step).')
  @IsOptional() @Transform(booleanText) @IsBoolean() skip_ssl_verification?: boolean;
  @Description('`false`: return a 3xx as it is (the step then fails with it).')
  @IsOptional() @Transform(booleanText) @IsBoolean() follow_redirects?: boolean;
  @Description('Redirects to follow (default 5).')
  @IsOptional() @Transform(integerText) @IsInt() @Min(0) max_redirects?: number;
  @Description('`false`: a fresh connection for this request.')
  @IsOptional() @Transform(booleanText) @IsBoolean() keep_alive?: boolean;
}

/** The `http` step's `with` (Kibana Workflows 9.3 and 9.4 http step params). */
export class HttpParams {
  @Description('Absolute URL. Required without a connector; with one it replaces the connector\'s `url`.')
  @IsOptional() @IsString() url?: string;
  @Description('Appended to the URL with exactly one `/` between them; may carry its own `?query`.')
  @IsOptional() @IsString() path?: string;
  @Description('Default: the connector\'s `method` (Kibana\'s `.webhook`), else `GET`. Any case.')
  @IsOptional() @Transform(upperCase) @IsIn(HTTP_METHODS)
  method?: HttpMethod;
  @Description('Step headers: they win over the connector\'s headers and auth (names compared case-insensitively).')
  @IsOptional() @Transform(headerValues) @IsStringRecord() headers?: Record<string, string>;
  @Description('Query parameters, added to any query the URL already has; a list repeats the key.')
  @IsOptional() @IsQueryRecord() query?: Record<string, string | number | boolean | null | Array<string | number | boolean | null>>;
  @Description('An object or list is sent as JSON; a string as it is.')
  @Allow() body?: unknown;
  @Description('Kibana 9.3: milliseconds, or a duration such as `30s`.')
  @IsOptional() @IsTimeout() timeout?: number | string;
  @Description('Kibana 9.3\'s fetcher options: skip_ssl_verification, follow_redirects, max_redirects, keep_alive.')
  @IsOptional() @ValidateNested() @Type(() => FetcherOptions) fetcher?: FetcherOptions;
  /**
   * Sends the step's idempotency key (the same on every attempt and after a crash resume) in this
   * header, e.g. `Idempotency-Key` (the IETF draft's name); overrides the connector's.
   */
  @IsOptional() @IsString() @IsNotEmpty() 'idempotency-header'?: string;
}

/** The `http` connector's config: the base URL, default headers and auth settings (Kibana's `.http`). */
export class HttpConfig {
  @Description('Base URL of the service; a step\'s `path` is joined to it. Optional (as in Kibana): without it every step gives `with.url`, and the connector\'s credentials go only to `allowedOrigins`.')
  @IsOptional() @IsString() @IsNotEmpty() url?: string | null;
  @Description('Origins (`https://api.example.com`, `http://10.0.0.5:8080`) besides the `url`\'s that the connector\'s credentials may be sent to when a step\'s `with.url` points there. A step URL on any other origin is sent without them. Required when there are credentials and no `url`.')
  @IsOptional() @IsArray() @IsString({ each: true }) allowedOrigins?: string[] | null;
  @Description('The method of steps that give none (default GET); Kibana\'s `.webhook` connectors carry one. Any case.')
  @IsOptional() @Transform(upperCase) @IsIn(HTTP_METHODS) method?: HttpMethod | null;
  @Description('Headers sent with every request (not secret: use `secrets.secretHeaders` for those).')
  @IsOptional() @Transform(headerValues) @IsStringRecord() headers?: Record<string, string> | null;
  @Description('`false` turns every auth method off (secret headers still apply). Default true.')
  @IsOptional() @IsBoolean() hasAuth?: boolean;
  @Description('Which auth to use: none, basic (user + password), bearer (token), ssl (client certificate) or oauth2 (client credentials); Kibana\'s webhook-authentication-* names too.')
  @IsOptional() @IsIn(AUTH_TYPES) authType?: AuthTypeName | null;
  @Description('Which client certificate to present: `ssl-crt-key` (crt + key) or `ssl-pfx`.')
  @IsOptional() @IsIn(['ssl-crt-key', 'ssl-pfx']) certType?: 'ssl-crt-key' | 'ssl-pfx' | null;
  @Description('Extra CA to trust for this service: PEM, or base64 of PEM (as Kibana stores it).')
  @IsOptional() @IsString() ca?: string | null;
  @Description('How this service\'s certificate is checked: `full` (chain and hostname), `certificate` (chain only) or `none`.')
  @IsOptional() @IsIn(VERIFICATION_MODES) verificationMode?: VerificationMode | null;
  @Description('OAuth2 client credentials: the token endpoint.')
  @IsOptional() @IsString() accessTokenUrl?: string | null;
  @Description('OAuth2 client credentials: the client id.')
  @IsOptional() @IsString() clientId?: string | null;
  @Description('OAuth2 client credentials: the scope to ask for.')
  @IsOptional() @IsString() scope?: string | null;
  @Description('Extra fields for the token request (a JSON object or its text, as in Kibana).')
  @IsOptional() @IsJsonObjectText() additionalFields?: string | Record<string, unknown> | null;
  /** Every step of this connector sends its idempotency key in this header (e.g. `Idempotency-Key`). */
  @IsOptional() @IsString() @IsNotEmpty() 'idempotency-header'?: string | null;
}

/** The `http` connector's secrets. Every value is redacted from results, errors and logs. */
export class HttpSecrets {
  @Description('Basic auth user; sent with password.')
  @IsOptional() @IsString() user?: string | null;
  @Description('Basic auth password; also the passphrase of `key` or `pfx`.')
  @IsOptional() @IsString() password?: string | null;
  @Description('Bearer token: sent as `Authorization: Bearer <token>`.')
  @IsOptional() @IsString() @IsNotEmpty() token?: string | null;
  @Description('Client certificate: PEM, or base64 of PEM.')
  @IsOptional() @IsString() crt?: string | null;
  @Description('Client key: PEM, or base64 of PEM (password is its passphrase).')
  @IsOptional() @IsString() key?: string | null;
  @Description('Client certificate as PKCS#12, base64.')
  @IsOptional() @IsString() pfx?: string | null;
  @Description('OAuth2 client secret.')
  @IsOptional() @IsString() clientSecret?: string | null;
  @Description('Headers whose values are secret (API keys); they override `config.headers`.')
  @IsOptional() @Transform(headerValues) @IsStringRecord() secretHeaders?: Record<string, string> | null;
  @Description('Query parameters whose values are secret (Kibana\'s `?key=` API keys): added to every request the connector\'s credentials go to; a parameter of the same name the step gives itself wins.')
  @IsOptional() @Transform(headerValues) @IsStringRecord() secretQueryParams?: Record<string, string> | null;
}
