import { createHash } from 'node:crypto';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import type { TlsOptions, VerificationMode } from '../contracts/http-client';
import type { TlsScope } from './egress-settings';

/**
 * Node TLS options for one verification mode: `full` checks the chain and the hostname,
 * `certificate` the chain only, `none` nothing.
 */
export function verificationOptions(mode: VerificationMode): Pick<ConnectionOptions, 'rejectUnauthorized' | 'checkServerIdentity'> {
  if (mode === 'none') return { rejectUnauthorized: false };
  if (mode === 'certificate') return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true };
}

/**
 * The TLS options of a connection to one origin. Later scopes win: the global `ssl`, then the
 * origin's `customHostSettings`, then the request's own `tls` (a connector's CA, verification mode
 * and client certificate). Extra CAs from every scope are trusted in addition to Node's roots.
 */
export function connectionTlsOptions(global: TlsScope & { verificationMode: VerificationMode }, host: TlsScope | undefined, request: TlsOptions | undefined): ConnectionOptions {
  const mode = request?.verificationMode ?? host?.verificationMode ?? global.verificationMode;
  const extra: Array<string | Buffer> = [...global.ca, ...(host?.ca ?? []), ...asList(request?.ca)];
  const options: ConnectionOptions = { ...verificationOptions(mode) };
  if (extra.length) options.ca = [...rootCertificates, ...extra];
  if (request?.pfx !== undefined) options.pfx = request.pfx;
  if (request?.cert !== undefined) options.cert = request.cert;
  if (request?.key !== undefined) options.key = request.key;
  if (request?.passphrase !== undefined) options.passphrase = request.passphrase;
  return options;
}

function asList(ca: TlsOptions['ca']): Array<string | Buffer> {
  if (ca === undefined) return [];
  return Array.isArray(ca) ? ca : [ca];
}

const keys = new WeakMap<TlsOptions, string>();

/**
 * A cache key for a request's TLS options: a SHA-256 digest, so key material and passphrases
 * never sit in a cache key in clear. Memoised per options object, so a plugin that reuses one
 * object per connector pays for the hash once.
 */
export function tlsOptionsKey(tls: TlsOptions | undefined): string {
  if (!tls) return '';
  let key = keys.get(tls);
  if (key === undefined) {
    const hash = createHash('sha256');
    const add = (name: string, value: string | Buffer | undefined): void => {
      if (value === undefined) return;
      hash.update(`${name}:${Buffer.byteLength(value)}:`);
      hash.update(value);
    };
    add('mode', tls.verificationMode);
    asList(tls.ca).forEach((ca) => add('ca', ca));
    add('cert', tls.cert);
    add('key', tls.key);
    add('pfx', tls.pfx);
    add('passphrase', tls.passphrase);
    key = hash.digest('base64url');
    keys.set(tls, key);
  }
  return key;
}
