import { IsOptional, IsString, IsStringRecord } from '@relayflow/sdk';

/**
 * The connector's secrets (Kibana's shared webhook auth secrets). Which ones are needed depends
 * on the auth mode; the type's `validate` checks the combination. Certificates and keys are PEM
 * text or base64 (as Kibana stores them); `password` doubles as the crt/key or pfx passphrase.
 */
export class CasesWebhookSecrets {
  @IsOptional() @IsString() user?: string | null;
  @IsOptional() @IsString() password?: string | null;
  /** Client certificate (PEM or base64 of PEM). */
  @IsOptional() @IsString() crt?: string | null;
  /** Client key (PEM or base64 of PEM). */
  @IsOptional() @IsString() key?: string | null;
  /** Client certificate and key as PKCS#12, base64. */
  @IsOptional() @IsString() pfx?: string | null;
  /** OAuth2 client secret. */
  @IsOptional() @IsString() clientSecret?: string | null;
  /** Headers sent with every request, over config.headers (e.g. an API key). */
  @IsOptional() @IsStringRecord() secretHeaders?: Record<string, string> | null;
}
