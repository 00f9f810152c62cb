import { Description, IsOptional, IsString, IsStringRecord } from '@relayflow/sdk';

/**
 * The connector's secrets (Kibana's shared webhook auth secrets). Which ones are needed depends
 * on the auth mode; the type's `validate` checks the combination. Certificates and keys are PEM
 * text or base64 (as Kibana stores them); `password` doubles as the crt/key or pfx passphrase.
 */
export class CasesWebhookSecrets {
  @Description('Basic auth user')
  @IsOptional() @IsString() user?: string | null;
  @Description('Basic auth password; also the passphrase of crt/key or pfx')
  @IsOptional() @IsString() password?: string | null;
  @Description('Client certificate (PEM or base64 of PEM).')
  @IsOptional() @IsString() crt?: string | null;
  @Description('Client key (PEM or base64 of PEM).')
  @IsOptional() @IsString() key?: string | null;
  @Description('Client certificate and key as PKCS#12, base64.')
  @IsOptional() @IsString() pfx?: string | null;
  @Description('OAuth2 client secret.')
  @IsOptional() @IsString() clientSecret?: string | null;
  @Description('Headers sent with every request, over config.headers (e.g. an API key).')
  @IsOptional() @IsStringRecord() secretHeaders?: Record<string, string> | null;
}
