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
  /** Extra certificate authorities to trust (PEM), in addition to Node's bundled roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) and its key, for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Client certificate and key as PKCS#12. */
  pfx?: string | Buffer;
  /** Passphrase for `key` or `pfx`. */
  passphrase?: string;
}

/**
 * One outbound request. `url` is absolute; `params` are appended to its query string (keeping a
 * query already there). `tls` applies on top of `networking.ssl` and the host's
 * `customHostSettings`.
 */
export interface HttpRequest {
  method?: HttpMethod | Lowercase<HttpMethod>;
  url: string;
  headers?: Record<string, string | number | boolean | undefined>;
  /** Query parameters, merged with any query already in `url`. */
  params?: Record<string, string | number | boolean | undefined | null>;
  /**
   * An object is sent as JSON (`Content-Type: application/json` unless a Content-Type is set);
   * URLSearchParams as a form; a string or Buffer as-is.
   */
  data?: unknown;
  /**
   * Milliseconds for the whole exchange (every redirect hop and the body included); the smaller
   * of this and `networking.responseTimeout` wins.
   */
  timeout?: number;
  /** Aborts the request (the step's signal: a step timeout or a cancelled execution). */
  signal?: AbortSignal;
  tls?: TlsOptions;
  /**
   * Follow redirects (default true). Every hop is checked against the egress policy before
   * anything is sent to it. A 3xx past `maxRedirects` is returned as the response.
   */
  followRedirects?: boolean;
  /** Maximum redirects to follow (default 5). */
  maxRedirects?: number;
  /** Reuse connections (default true). */
  keepAlive?: boolean;
  /** How to read the body: parsed JSON when the response says JSON (default), text, or raw bytes. */
  responseType?: 'json' | 'text' | 'arraybuffer';
  /**
   * Header names that carry credentials (e.g. a connector's secret headers): like
   * `Authorization`, `Cookie` and `Proxy-Authorization`, they are dropped when a redirect leads
   * to another origin.
   */
  sensitiveHeaders?: readonly string[];
}

/** A response of any status: the client resolves for every status and rejects only when nothing came back. */
export interface HttpResponse<T = unknown> {
  status: number;
  statusText: string;
  /** Lower-case header names; multiple values joined with `, `. */
  headers: Record<string, string>;
  data: T;
}

/**
 * The core's egress client. Every outbound request of Relayflow and of every plugin goes through
 * it, so allowed hosts, private-network denial, TLS, proxy, timeouts and size limits always apply.
 *
 * @throws RelayflowError `HOST_NOT_ALLOWED`, `PRIVATE_NETWORK_DENIED`, `HTTP_TIMEOUT`,
 *   `HTTP_ABORTED`, `RESPONSE_TOO_LARGE`, `NETWORK_ERROR`, `TLS_ERROR` when no response came back.
 */
export const HttpClient = Symbol.for('relayflow.HttpClient');
/** The egress client interface (see the `HttpClient` token). */
export interface HttpClient {
  /** Sends one request through the egress policy. @returns the response, whatever its status */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}
