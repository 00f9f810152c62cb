import { RelayflowError, stripCredentials } from '@relayflow/sdk';
import type { HttpParams } from './schemas';

type QueryValue = string | number | boolean | null | undefined;

/**
 * The URL an http step calls: `base` (the step's `url`, else the connector's), then `path`
 * joined with exactly one `/` (a `?query` in the path is kept), then `query` appended to
 * whatever query is already there (a list repeats its key; null and undefined are skipped).
 *
 * @throws RelayflowError `VALIDATION_FAILED` when there is no base URL or it is not absolute http(s)
 */
export function buildRequestUrl(base: string | undefined, path: string | undefined, query: HttpParams['query']): string {
  if (!base || !base.trim()) {
    throw new RelayflowError('VALIDATION_FAILED', 'with.url is required when the step has no connector-id (or give the connector a url)', {
      problems: [{ path: 'url', message: 'with.url is required when the step has no connector-id' }],
    });
  }
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new RelayflowError('VALIDATION_FAILED', `"${stripCredentials(base)}" is not an absolute URL (expected http://... or https://...)`, {
      problems: [{ path: 'url', message: 'must be an absolute http(s) URL' }],
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RelayflowError('VALIDATION_FAILED', `the URL must be http or https (got ${url.protocol})`, { problems: [{ path: 'url', message: 'must be http or https' }] });
  }
  if (path) {
    const cut = path.indexOf('?');
    const pathPart = cut >= 0 ? path.slice(0, cut) : path;
    const pathQuery = cut >= 0 ? path.slice(cut + 1) : '';
    if (pathPart) url.pathname = `${url.pathname.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
    if (pathQuery) url.search = url.search.length > 1 ? `${url.search}&${pathQuery}` : pathQuery;
  }
  const extra = queryString(query);
  if (extra) url.search = url.search.length > 1 ? `${url.search}&${extra}` : extra;
  return url.href;
}

function queryString(query: HttpParams['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  const add = (key: string, value: QueryValue): void => {
    if (value === null || value === undefined) return;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) value.forEach((v) => add(key, v));
    else add(key, value);
  }
  return parts.join('&');
}

/**
 * The names of the query parameters a step gave itself: in its `url`, its `path` and its `query`.
 */
export function stepQueryNames(params: Pick<HttpParams, 'url' | 'path' | 'query'>): Set<string> {
  const names = new Set<string>(Object.keys(params.query ?? {}));
  const add = (search: string): void => {
    for (const pair of search.split('&')) {
      if (!pair) continue;
      const cut = pair.indexOf('=');
      names.add(decodeName(cut >= 0 ? pair.slice(0, cut) : pair));
    }
  };
  if (params.url) {
    try {
      add(new URL(params.url.trim()).search.slice(1));
    } catch {
      // buildRequestUrl has already refused a URL that does not parse.
    }
  }
  const cut = params.path?.indexOf('?') ?? -1;
  if (params.path && cut >= 0) add(params.path.slice(cut + 1));
  return names;
}

/**
 * `url` with the connector's secret query parameters (Kibana's `secrets.secretQueryParams`):
 * each replaces a parameter of the same name that came from the connector's `url`, unless the
 * step gave that name itself (`keep`), which then wins. Other parameters are left exactly as
 * they were (not re-encoded).
 */
export function withSecretQuery(url: string, secretQuery: Record<string, string>, keep: ReadonlySet<string>): string {
  const added = Object.entries(secretQuery).filter(([name]) => !keep.has(name));
  if (added.length === 0) return url;
  const parsed = new URL(url);
  const replaced = new Set(added.map(([name]) => name));
  const kept = parsed.search.slice(1).split('&').filter((pair) => {
    if (!pair) return false;
    const cut = pair.indexOf('=');
    return !replaced.has(decodeName(cut >= 0 ? pair.slice(0, cut) : pair));
  });
  const secret = added.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  parsed.search = [...kept, ...secret].join('&');
  return parsed.href;
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
