import type { Logger } from '../contracts/logger';
import { setOwn } from '../validation/prototype-keys';

/** Replacement for a secret value wherever it appears. */
export const REDACTED = '[REDACTED]';

/** Secret strings shorter than this are not redacted (they would mangle ordinary text); connectors refuse them when saved. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Every string in a secrets object, plus the forms it travels in, so redaction catches them in
 * messages, outputs and errors: Basic auth pairs (`user:password` and its base64), the
 * credentials inside a URL (`https://user:pass@host/...`: the password, the pair and its Basic
 * form) and the path and query of a URL, each also URL-encoded (once and twice), JSON-escaped
 * and HTML-escaped. Strings shorter than 4 characters are left out (they would mangle ordinary
 * text; connectors refuse such secrets when saved).
 */
export function secretValuesOf(secrets: unknown): string[] {
  const values = new Set<string>();
  const strings: string[] = [];
  // Without recursion: secrets are collected (to redact messages about them) before they are
  // validated, so they may nest deeper than the stack goes.
  const stack: unknown[] = [secrets];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') strings.push(v);
    else if (Buffer.isBuffer(v)) continue;
    else if (Array.isArray(v)) stack.push(...[...v].reverse());
    else if (v && typeof v === 'object') stack.push(...Object.values(v).reverse());
  }
  const s = secrets as Record<string, unknown> | undefined;
  if (s && typeof s.user === 'string' && typeof s.password === 'string') strings.push(Buffer.from(`${s.user}:${s.password}`).toString('base64'));
  if (s && typeof s.email === 'string' && typeof s.apiToken === 'string') strings.push(Buffer.from(`${s.email}:${s.apiToken}`).toString('base64'));
  // A URL-valued secret (a Slack webhook, a URL with a token in its query) also travels as
  // its path and query alone, e.g. echoed back by the server it was sent to.
  for (const str of [...strings]) {
    const part = secretPartOfUrl(str);
    if (part) strings.push(part);
    strings.push(...credentialsInUrl(str));
  }
  for (const str of strings) {
    if (str.length < MIN_SECRET_LENGTH) continue;
    values.add(str);
    const encoded = encodeURIComponent(str);
    values.add(encoded);
    values.add(encodeURIComponent(encoded));
    values.add(JSON.stringify(str).slice(1, -1));
    for (const html of htmlEscapes(str)) values.add(html);
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * The credentials of a URL with a user part (`https://user:pass@host/...`): the password and the
 * `user:pass` pair as written and decoded, and the pair's Basic form (base64), as a client sends it.
 */
function credentialsInUrl(text: string): string[] {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]*)@/i.exec(text)?.[1];
  if (!userinfo) return [];
  const colon = userinfo.indexOf(':');
  const [user, password] = colon < 0 ? [userinfo, ''] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  const decode = (v: string): string => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  const pair = `${decode(user)}:${decode(password)}`;
  const out = [userinfo, pair, Buffer.from(pair).toString('base64')];
  if (password) out.push(password, decode(password));
  else out.push(user, decode(user)); // a user part alone is a token (https://TOKEN@host)
  return out;
}

/** HTML-escaped forms of a text (`&amp;`, `&lt;`, `&quot;`, `&#39;` / `&#x27;` ...), when it has such characters. */
function htmlEscapes(text: string): string[] {
  if (!/[&<>"']/.test(text)) return [];
  const escape = (apostrophe: string, quote: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, quote).replace(/'/g, apostrophe);
  return [escape('&#39;', '&quot;'), escape('&#x27;', '&quot;'), escape('&#39;', '&#34;'), escape('&apos;', '&quot;')];
}

/** The path and query of an http(s) URL, when there is more to them than `/`. */
function secretPartOfUrl(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    const part = `${url.pathname}${url.search}`;
    return part.length >= 8 ? part : undefined;
  } catch {
    return undefined;
  }
}

/** What marks text that was cut short (an excerpt): `…`. */
export const CUT_MARK = '…';

/**
 * Characters of a secret's start that, right before a {@link CUT_MARK}, count as the secret cut
 * short by an excerpt made without knowing the secrets (fewer match ordinary text by chance).
 */
const MIN_CUT_PREFIX = 3;

/** `text` with every secret value replaced by `[REDACTED]`, also one cut short right before a `…`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.includes(CUT_MARK) ? redactCutSecrets(out, secrets) : out;
}

/**
 * Replaces the start of a secret that ends right before a `…` (an excerpt that was cut inside
 * it by code that did not know the secrets) with `[REDACTED]`.
 */
export function redactCutSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (let at = out.indexOf(CUT_MARK); at >= 0; at = out.indexOf(CUT_MARK, at + 1)) {
    let longest = 0;
    for (const secret of secrets) {
      if (secret.length <= MIN_CUT_PREFIX) continue;
      const head = secret.slice(0, MIN_CUT_PREFIX);
      // Where the secret may start: far enough back to be cut short, never before the text.
      for (let p = out.indexOf(head, Math.max(0, at - secret.length + 1)); p >= 0 && p <= at - MIN_CUT_PREFIX; p = out.indexOf(head, p + 1)) {
        if (at - p > longest && secret.startsWith(out.slice(p, at))) longest = at - p;
      }
    }
    if (longest) {
      out = `${out.slice(0, at - longest)}${REDACTED}${out.slice(at)}`;
      at += REDACTED.length - longest;
    }
  }
  return out;
}

/**
 * True for a secret that is one ordinary word (`password`, `changeme`, `token`): 4 to 16 letters,
 * nothing else. Such a value turns up in Relayflow's own text by chance (field names, messages),
 * where replacing it would mangle the text without hiding anything; a value with a digit, a
 * separator or other punctuation, or a longer one, practically never does.
 */
export function isOrdinaryWord(secret: string): boolean {
  return /^[A-Za-z]{4,16}$/.test(secret);
}

/**
 * Redacts text Relayflow (core or a plugin) composed itself — a validation message, an action's
 * error message — as opposed to data from outside (responses, service errors, plugin logs), which
 * {@link redact} and {@link redactText} redact wholesale. Secrets are replaced wherever they
 * appear, except ordinary words ({@link isOrdinaryWord}): those only when `quoted`, the outside
 * data the text may quote (a response excerpt, the input it was about), contains them, so
 * `secrets.password: is set ...` is never turned into `secrets.[REDACTED]: is set ...` by a
 * password that is literally "password".
 *
 * @param quoted - the outside data the text may repeat, or a function giving it (called only when needed)
 */
export function redactOwnText(text: string, secrets: readonly string[], quoted: string | (() => string) = ''): string {
  let out = text;
  let outside: string | undefined;
  for (const secret of secrets) {
    if (!out.includes(secret)) continue;
    if (isOrdinaryWord(secret)) {
      outside ??= typeof quoted === 'function' ? quoted() : quoted;
      if (!outside.includes(secret)) continue;
    }
    out = out.split(secret).join(REDACTED);
  }
  return out.includes(CUT_MARK) ? redactCutSecrets(out, secrets.filter((s) => !isOrdinaryWord(s))) : out;
}

/**
 * A deep copy of `value` with every secret value replaced in every string (and object key).
 * Returns `value` itself when nothing needed replacing.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((item) => { const r = walk(item); if (r !== item) changed = true; return r; });
      return changed ? out : v;
    }
    if (v && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        const key = redactText(k, secrets);
        const r = walk(item);
        if (r !== item || key !== k) changed = true;
        setOwn(out, key, r);
      }
      return changed ? out : v;
    }
    return v;
  };
  return walk(value) as T;
}

/** A logger that redacts secret values from messages and fields before they reach `inner`. */
export function redactingLogger(inner: Logger, secrets: readonly string[]): Logger {
  if (secrets.length === 0) return inner;
  const wrap = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) =>
    inner[level](redactText(message, secrets), fields && redact(fields, secrets));
  return {
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    child: (fields) => redactingLogger(inner.child(redact(fields, secrets)), secrets),
  };
}

/** A URL without user:password, safe to show. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}
