import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/executions/ID`): the server serves one index.html and needs no fallback route,
 * and a reload or a shared link opens the same page.
 */
export function useRoute(): string[] {
  const read = (): string[] => (location.hash.replace(/^#\/?/, '').split('?')[0] || 'executions').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = (): void => setRoute(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** The link of a route: `href(['executions', id])` → `#/executions/ID`. */
export function href(parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function go(parts: string[]): void {
  location.hash = href(parts).slice(1);
}

/**
 * Shows another route's address without leaving the page (a thing just created gets its own
 * address, and the page that created it keeps what it shows).
 */
export function rename(parts: string[]): void {
  history.replaceState(null, '', href(parts));
}
