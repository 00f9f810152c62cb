import { isIP } from 'node:net';
import { stripCredentials } from '../secrets/redaction';

/**
 * Matches hosts against `networking.allowedHosts`: `*` (any), exact hostnames, `*.example.com`
 * (any subdomain of example.com, not example.com itself; never an IP address), each optionally
 * with `:port` (then only that port matches). Case-insensitive.
 */
export class HostPolicy {
  private readonly any: boolean;
  private readonly entries: Array<{ host: string; wildcard: boolean; port?: string }>;

  constructor(readonly allowedHosts: readonly string[]) {
    this.any = allowedHosts.includes('*');
    this.entries = allowedHosts.filter((h) => h !== '*').map(parseEntry);
  }

  /** True when `hostname` (with `port`, or the scheme's default) is allowed. */
  allows(hostname: string, port: string): boolean {
    if (this.any) return true;
    const host = normalizeHost(hostname);
    return this.entries.some((e) => {
      if (e.port !== undefined && e.port !== port) return false;
      return e.wildcard ? !isIP(host) && host.endsWith(`.${e.host}`) : host === e.host;
    });
  }

  /**
   * Checks a URL: it must parse, be http(s), and name an allowed host.
   * @returns why it is refused, or undefined when it is acceptable
   */
  check(url: string): string | undefined {
    const parsed = parseHttpUrl(url);
    if (typeof parsed === 'string') return parsed;
    return this.refusal(parsed);
  }

  /**
   * Checks an already parsed http(s) URL (the egress client's hot path: no re-parsing).
   * @returns why it is refused, naming the host and the setting, or undefined when allowed
   */
  refusal(url: URL, setting = 'networking.allowedHosts'): string | undefined {
    if (this.any || this.allows(url.hostname, effectivePort(url))) return undefined;
    return `host "${hostWithPort(url)}" is not allowed by ${setting} (${this.allowedHosts.join(', ') || 'empty'}); add it there to allow it`;
  }

}

/**
 * Parses an absolute http(s) URL.
 * @returns the URL, or a message saying why it is not one
 */
export function parseHttpUrl(url: string): URL | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${stripCredentials(url)}" is not a valid absolute URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `URL protocol must be http or https (got ${parsed.protocol})`;
  if (!parsed.hostname) return 'URL must contain a hostname';
  return parsed;
}

/** The port a URL connects to, explicit or the scheme's default. */
export function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** `host` or `host:port` as a user would write it in allowedHosts. */
export function hostWithPort(url: URL): string {
  return url.port ? `${normalizeHost(url.hostname)}:${url.port}` : normalizeHost(url.hostname);
}

function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function parseEntry(entry: string): { host: string; wildcard: boolean; port?: string } {
  let text = entry.trim().toLowerCase();
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    return { host: bracketed[1], wildcard: false, port: bracketed[2] };
  }
  const withPort = /^(.*):(\d+)$/.exec(text);
  if (withPort && !withPort[1].includes(':')) {
    text = withPort[1];
    port = withPort[2];
  }
  const wildcard = text.startsWith('*.');
  return { host: normalizeHost(wildcard ? text.slice(2) : text), wildcard, port };
}
