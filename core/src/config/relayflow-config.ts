import { Type } from 'class-transformer';
import {
  ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, ValidateNested,
} from '../validation/class-validator-parts';
import { API_SCOPES, type ApiScope } from '../contracts/api-keys';
import { CONNECTOR_ID, CONNECTOR_ID_RULE } from '../contracts/connector';
import type { ConnectorLimits } from '../contracts/connector-limiter';
import { IsByteSize, IsDuration, IsStringRecord } from '../validation/decorators';

const VERIFICATION_MODES = ['full', 'certificate', 'none'] as const;

/** `networking.ssl` and `customHostSettings[].ssl`. */
export class SslSettings {
  @IsOptional() @IsIn(VERIFICATION_MODES) verificationMode?: 'full' | 'certificate' | 'none';
  @IsOptional() @IsArray() @IsString({ each: true }) certificateAuthoritiesFiles?: string[];
  @IsOptional() @IsString() certificateAuthoritiesData?: string;
}

/** One `networking.customHostSettings` entry: TLS settings for one https origin. */
export class CustomHostSetting {
  @IsUrl({ require_tld: false, protocols: ['https'], require_protocol: true }) url!: string;
  @IsOptional() @ValidateNested() @Type(() => SslSettings) ssl?: SslSettings;
}

/** `proxyOnlyHosts` and `proxyBypassHosts` contradict each other: only one may be set. */
function NotWithProxyBypassHosts(): PropertyDecorator {
  return ValidateBy({
    name: 'notWithProxyBypassHosts',
    validator: {
      validate: (value, args) => !(Array.isArray(value) && value.length && (args?.object as NetworkingSettings).proxyBypassHosts?.length),
      defaultMessage: () => 'proxyOnlyHosts cannot be used together with proxyBypassHosts; keep one of them',
    },
  });
}

/**
 * `networking`: the egress policy every outbound request follows (the egress client in
 * `core/src/http`). Host lists take exact names, `*.example.com` (subdomains only) and
 * `host:port`; `*` alone means any host.
 */
export class NetworkingSettings {
  /** Hostnames (`api.example.com`, `*.example.com`, `host:port`) or `*` for any. */
  @IsArray() @IsString({ each: true }) allowedHosts: string[] = ['*'];
  /**
   * Refuse loopback, private, link-local and cloud-metadata addresses after DNS resolution
   * (SSRF protection for workflows whose URLs come from events). Off by default so local
   * services work out of the box.
   */
  @IsBoolean() denyPrivateNetworks = false;
  @IsDuration() responseTimeout = '60s';
  @IsByteSize() maxResponseContentLength: string | number = '1mb';
  @ValidateNested() @Type(() => SslSettings) ssl: SslSettings = new SslSettings();
  /**
   * Lets a step turn TLS verification down (the http step's `fetcher.skip_ssl_verification`)
   * also for a connector that holds secrets. Off by default: such a step is refused, since it
   * would send the connector's credentials to a server nobody verified.
   */
  @IsBoolean() allowStepTlsOverride = false;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CustomHostSetting) customHostSettings: CustomHostSetting[] = [];
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) proxyUrl?: string;
  @IsOptional() @IsStringRecord() proxyHeaders?: Record<string, string>;
  @IsOptional() @IsArray() @IsString({ each: true }) proxyBypassHosts?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) @NotWithProxyBypassHosts() proxyOnlyHosts?: string[];
  @IsOptional() @IsIn(VERIFICATION_MODES) proxyVerificationMode?: 'full' | 'certificate' | 'none';
}

/** One preconfigured connector (read-only, never stored). */
export class PreconfiguredConnector {
  @IsString() @Matches(CONNECTOR_ID, { message: `id must be ${CONNECTOR_ID_RULE} (got "$value"), e.g. my-slack1 or a UUID such as d6b62e80-ff9b-11ee-8678-0f2b2c0c3c68` }) id!: string;
  @IsString() @MinLength(1) name!: string;
  @IsString() @MinLength(1) type!: string;
  @IsOptional() @IsObject() config: Record<string, unknown> = {};
  @IsOptional() @IsObject() secrets: Record<string, unknown> = {};
  /**
   * `{ concurrency?, rate? }` (contract §12): checked with the connector's config and secrets
   * when the connectors load (see `checkConnectorLimits`).
   */
  @IsOptional() @IsObject() limits?: ConnectorLimits;
}

/** `failures/period`, e.g. `20/min`: at most that many failed authentications per client address. */
export const RATE_LIMIT = /^\s*(\d+)\s*\/\s*(s|sec|second|m|min|minute|h|hour)\s*$/i;

/** A `server.authRateLimit` value as a count per time window. */
export function parseRateLimit(text: string): { max: number; windowMs: number } | undefined {
  const match = RATE_LIMIT.exec(text);
  if (!match) return undefined;
  const unit = match[2].toLowerCase();
  const windowMs = unit.startsWith('s') ? 1_000 : unit.startsWith('h') ? 3_600_000 : 60_000;
  const max = Number(match[1]);
  return max >= 1 ? { max, windowMs } : undefined;
}

/** One `server.apiKeys` entry: a key given in the config (usually `${env:...}`), never stored. */
export class ConfiguredApiKey {
  /** Shown by `apikeys list` and in logs instead of the key. */
  @IsString() @MinLength(1) @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, { message: 'name must be 1-100 letters, digits, _, . or - (starting with a letter or digit)' }) name!: string;
  /** The key itself: never printed, logged or returned. */
  @IsString({ message: 'key must be a string' }) @MinLength(1, { message: 'key must not be empty' }) key!: string;
  @IsArray() @ArrayNotEmpty() @IsIn(API_SCOPES as ApiScope[], { each: true, message: `scopes must be some of ${API_SCOPES.join(', ')}` }) scopes!: ApiScope[];
}

/** `server`: the REST API (`relayflow serve`, contract §9). */
export class ServerSettings {
  /** Listening address (default 127.0.0.1; `--host` wins). */
  @IsOptional() @IsString() @MinLength(1) host?: string;
  /** Listening port (default 5680; 0 = a free port; `--port` wins). */
  @IsOptional() @IsInt() @Min(0) @Max(65535) port?: number;
  /** Keys the API accepts, besides those made with `relayflow apikeys create`. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => ConfiguredApiKey) apiKeys: ConfiguredApiKey[] = [];
  /** The largest request body accepted (larger: 413). */
  @IsByteSize() bodyLimit: string | number = '1mb';
  /** How long SIGTERM waits for running executions before leaving them for resume. */
  @IsDuration() shutdownGrace = '30s';
  /** Executions `serve` runs at once itself (0 = enqueue only, with PostgreSQL). */
  @IsInt() @Min(0) workerConcurrency = 8;
  /**
   * With the embedded store: threads that run `serve`'s executions, each with its own store
   * connection, while the main thread answers requests (default: one less than the CPUs, 1 to 4;
   * 0 = run them on the main thread).
   */
  @IsOptional() @IsInt() @Min(0) @Max(64) executionThreads?: number;
  /** With PostgreSQL: how long the work queue keeps a finished round (its row in `relayflow_queue`) before deleting it. */
  @IsDuration() queueRetention = '1h';
  /** Failed authentications per client address before 429, e.g. `20/min`, `5/s`, `100/hour`. */
  @IsString() @Matches(RATE_LIMIT, { message: 'authRateLimit must be a count per period such as 20/min, 5/s or 100/hour' }) authRateLimit = '20/min';
}

/** `limits`: how much input Relayflow takes in. */
export class LimitsSettings {
  /**
   * The largest event a run takes (`relayflow run --event FILE|-`, `rf.run(yaml, { event })`),
   * as its JSON text: a size such as `512kb` or `10mb`, or a number of bytes. Default `10mb`.
   */
  @IsByteSize() eventSize: string | number = '10mb';
}

/** The whole `relayflow.yaml` (contract §3). Defaults apply when a key is absent. */
export class RelayflowConfig {
  /** Package names or paths to load, in order; when absent, installed plugins are discovered. */
  @IsOptional() @IsArray() @IsString({ each: true }) plugins?: string[];
  @IsOptional() @IsString() encryptionKey?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) decryptionOnlyKeys?: string[];
  /** `sqlite` (embedded, default) or a `postgres://` URL. */
  @IsString() store = 'sqlite';
  @ValidateNested() @Type(() => NetworkingSettings) networking: NetworkingSettings = new NetworkingSettings();
  @IsArray() @ValidateNested({ each: true }) @Type(() => PreconfiguredConnector) connectors: PreconfiguredConnector[] = [];
  @ValidateNested() @Type(() => ServerSettings) server: ServerSettings = new ServerSettings();
  @ValidateNested() @Type(() => LimitsSettings) limits: LimitsSettings = new LimitsSettings();
}

/** The validated configuration (`relayflow.yaml` or the `config` object). */
export const Config = Symbol.for('relayflow.Config');
export type Config = RelayflowConfig;
