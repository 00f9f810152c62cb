/** HTTP methods the egress client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** TLS certificate verification: full (chain + hostname), certificate (chain only), none. */
export type VerificationMode = 'full' | 'certificate' | 'none';

/**
 * Per-request TLS settings, usually from a connector. PEM strings or Buffers.
 * Secrets (key, pfx, passphrase) are used for the handshake only and never logged.
 */
export interface TlsOptions {
  verificationMode?: VerificationMode;
  /** Extra certificate authorities to trust (PEM). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) and its key, for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Client certificate and key as PKCS#12. */
  pfx?: string | Buffer;
  /** Passphrase for `key` or `pfx`. */
  passphrase?: string;
}

/** One outbound request. `url` is absolute; `params` are merged into its query string. */
export interface HttpRequest {
  method?: HttpMethod | Lowercase<HttpMethod>;
  url: string;
  headers?: Record<string, string | number | boolean | undefined>;
  /** Query parameters, merged with any query already in `url`. */
  params?: Record<string, string | number | boolean | undefined | null>;
  /** An object is sent as JSON; a string or Buffer as-is. */
  data?: unknown;
  /** Milliseconds for the whole exchange; the smaller of this and the configured `responseTimeout` wins. */
  timeout?: number;
  /** Aborts the request (the step's signal: a step timeout or a cancelled execution). */
  signal?: AbortSignal;
  tls?: TlsOptions;
  /** Follow redirects (default true). Every hop is checked against the egress policy. */
  followRedirects?: boolean;
  /** Maximum redirects to follow (default 5). */
  maxRedirects?: number;
  /** Reuse connections (default true). */
  keepAlive?: boolean;
  /** How to read the body: parsed JSON when the response says JSON (default), text, or raw bytes. */
  responseType?: 'json' | 'text' | 'arraybuffer';
}

/** A response of any status: the client resolves for every status and rejects only when nothing came back. */
export interface HttpResponse<T = unknown> {
  status: number;
  statusText: string;
  /** Lower-case header names; multiple values joined with `, `. */
  headers: Record<string, string>;
  data: T;
}
