import { RelayflowError } from '../errors/relayflow-error';
import { formatDuration } from '../validation/units';
import { hostWithPort } from './host-policy';
import { PRIVATE_ADDRESS_CODE, type PrivateAddressError } from './private-network';

/** How a request ended without a usable response, as the client saw it. */
export interface FailureContext {
  url: URL;
  /** Who aborted the exchange, if anyone did. */
  abortedBy?: 'timeout' | 'caller';
  timeoutMs: number;
  /** The setting the timeout came from, to name in the message. */
  timeoutSetting: string;
  maxResponseContentLength: number;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME|ALTNAME/i;
/** Node puts the offending header value in these messages: never repeat them. */
const HEADER_VALUE_CODES = new Set(['ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN']);

/**
 * Turns whatever axios or Node rejected with into a RelayflowError that names the host and the
 * setting involved. The original error is not kept as `cause`: it holds the request config,
 * headers included, and must never reach a log or a record.
 */
export function requestFailure(err: unknown, ctx: FailureContext): RelayflowError {
  const host = hostWithPort(ctx.url);
  const details = { host };
  if (ctx.abortedBy === 'caller') {
    return new RelayflowError('HTTP_ABORTED', `request to ${host} was aborted (the step was cancelled or timed out)`, { details });
  }
  if (ctx.abortedBy === 'timeout') {
    return new RelayflowError('HTTP_TIMEOUT', `no complete response from ${host} within ${formatDuration(ctx.timeoutMs)} (${ctx.timeoutSetting}); raise it if the service is slow`, { details });
  }
  const privateAddress = findInChain(err, (e) => (e as { code?: unknown }).code === PRIVATE_ADDRESS_CODE) as PrivateAddressError | undefined;
  if (privateAddress) {
    return privateNetworkDenied(ctx.url, `${privateAddress.message}`);
  }
  const message = (err as Error)?.message ?? String(err);
  if (/maxContentLength size of \d+ exceeded/.test(message)) {
    return new RelayflowError('RESPONSE_TOO_LARGE', `the response from ${host} is larger than networking.maxResponseContentLength (${formatBytes(ctx.maxResponseContentLength)}); reading stopped at the limit`, { details });
  }
  const code = errorCode(err);
  // A certificate that is not trusted, or a client certificate that cannot be used, fails the
  // same way on every attempt: a TLS_ERROR is not retried; other network errors are.
  const failed = isTlsFailure(code, message) ? 'TLS_ERROR' : 'NETWORK_ERROR';
  return new RelayflowError(failed, `request to ${host} failed: ${describe(code, message)}`, { details: { ...details, ...(code ? { code } : {}) } });
}

// A key decrypted with a wrong (or no) passphrase usually fails its padding check ("bad decrypt");
// about one time in 300 the padding happens to pass and the garbage fails to parse instead
// ("DECODER routines::unsupported", as for a key that is no key at all). Only keys are decoded
// so (a bad `ca` fails verification later): each means the client certificate cannot be used.
const CLIENT_CERTIFICATE_PROBLEM = /mac verify failure|bad decrypt|unable to load|PEM routines|DECODER routines|pkcs12/i;

/** Certificate and verification failures: unlike a dropped handshake (EPROTO), they recur. */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/i;

function isTlsFailure(code: string | undefined, message: string): boolean {
  return (code !== undefined && CERTIFICATE_CODES.test(code)) || /certificate|self.signed|altnames/i.test(message) || CLIENT_CERTIFICATE_PROBLEM.test(message);
}

function describe(code: string | undefined, message: string): string {
  if (code && HEADER_VALUE_CODES.has(code)) return 'a request header has an invalid name or value (control characters are not allowed)';
  // OpenSSL errors come as "<id>:error:<n>:SSL routines:<fn>:<reason>:<file>:<line>:...": keep the reason.
  const openssl = /:SSL routines:[^:]*:([^:]+)/.exec(message);
  let reason = (openssl ? openssl[1] : message).split('\n')[0].trim();
  if (CLIENT_CERTIFICATE_PROBLEM.test(reason)) {
    return `cannot use the client certificate: ${reason} (wrong passphrase, or a damaged crt/key/pfx)`;
  }
  if (/certificate required/i.test(reason)) {
    return `the server requires a client certificate (${reason}); give the connector crt and key, or pfx`;
  }
  if (code && !reason.includes(code)) reason = `${code}: ${reason}`;
  if ((code && TLS_CODES.test(code)) || /certificate|self.signed|altnames/i.test(reason)) {
    reason += `. TLS: trust the server's CA (networking.customHostSettings[].ssl.certificateAuthoritiesFiles or the connector's ca) or change the verification mode (networking.ssl.verificationMode, the connector's verificationMode)`;
  }
  return reason;
}

/** A `PRIVATE_NETWORK_DENIED` refusal for `url`: nothing was sent. */
export function privateNetworkDenied(url: URL, why: string, from?: URL): RelayflowError {
  const where = from ? `redirect from ${hostWithPort(from)} to ${hostWithPort(url)} refused, nothing was sent there` : `request to ${hostWithPort(url)} refused, nothing was sent`;
  return new RelayflowError('PRIVATE_NETWORK_DENIED', `${where}: ${why}, and networking.denyPrivateNetworks is on`, { details: { host: hostWithPort(url) } });
}

/** A `HOST_NOT_ALLOWED` refusal: nothing was sent. */
export function hostNotAllowed(url: URL | undefined, why: string, from?: URL): RelayflowError {
  const where = from && url ? `redirect from ${hostWithPort(from)} to ${hostWithPort(url)} refused, nothing was sent there` : 'request refused, nothing was sent';
  return new RelayflowError('HOST_NOT_ALLOWED', `${where}: ${why}`, { details: url ? { host: hostWithPort(url) } : undefined });
}

function errorCode(err: unknown): string | undefined {
  const withCode = findInChain(err, (e) => typeof (e as { code?: unknown }).code === 'string' && !/^ERR_BAD_|^ERR_NETWORK$|^ECONNABORTED$/.test((e as { code: string }).code));
  return (withCode as { code?: string } | undefined)?.code ?? ((err as { code?: unknown })?.code as string | undefined);
}

function findInChain(err: unknown, match: (e: object) => boolean): object | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if (match(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}mb`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}kb`;
  return `${n} bytes`;
}
