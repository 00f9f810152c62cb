import { RelayflowError } from '@relayflow/sdk';

/** What a secret URL's path is replaced with in messages. */
export const REDACTED_PATH = '/[redacted]';

/**
 * Parses a URL that is itself a secret (an incoming-webhook URL carries its credential in the
 * path) and checks it is absolute http(s).
 * @returns the URL, or a message (to follow the field's name) that never repeats the URL
 */
export function parseSecretUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'must be a valid absolute URL such as https://hooks.slack.com/services/...';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an http(s) URL (got ${url.protocol})`;
  if (!url.hostname) return 'must contain a hostname';
  return url;
}

/**
 * Removes every form of a secret URL from `text`, keeping its origin so the message still says
 * which host was involved: `https://hooks.slack.com/services/T/B/x` → `https://hooks.slack.com/[redacted]`.
 */
export function scrubSecretUrl(text: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  const whole = new Set([raw, raw.trim()]);
  const paths = new Set<string>();
  if (url) {
    whole.add(url.href);
    whole.add(url.href.replace(/\/$/, ''));
    const path = `${url.pathname}${url.search}`;
    if (path.length > 1) paths.add(path);
    if (url.pathname.length > 1) paths.add(url.pathname);
  }
  let out = text;
  for (const form of [...whole].filter(Boolean).sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(url ? `${url.origin}${REDACTED_PATH}` : '[redacted URL]');
  }
  for (const form of [...paths].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED_PATH);
  return out;
}

/**
 * Rethrows what the egress client threw with the secret URL removed from its message. The code
 * is kept (so the core still classifies it: network errors and timeouts are retryable) and the
 * cause is dropped (it holds the request, URL included).
 */
export function scrubbedError(err: unknown, raw: string, what: string): Error {
  const message = `${what}: ${scrubSecretUrl(err instanceof Error ? err.message : String(err), raw)}`;
  if (RelayflowError.is(err)) return new RelayflowError(err.code, message);
  return new Error(message);
}
