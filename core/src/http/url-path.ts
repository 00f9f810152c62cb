import { RelayflowError } from '../errors/relayflow-error';

/**
 * Encodes one URL path segment (an id, a key, a name) with `encodeURIComponent`, so `/`, `?`,
 * `#` and `%` in it stay part of the segment.
 *
 * A segment that is exactly `.` or `..` is refused instead: URLs read it as "this" or "parent"
 * path, and percent-encoding does not help (the WHATWG URL parser, RFC 3986 normalisation and
 * the egress client treat `%2E` as `.`), so `/issue/..` and `/issue/%2E%2E` both become
 * `/` and the request would reach another resource. Longer runs of dots (`...`) and values
 * merely containing dots are ordinary segments.
 *
 * @param value - the segment's text, not yet encoded
 * @param what - what the value is, for the message (e.g. `issue key`); default `value`
 * @returns the encoded segment
 * @throws RelayflowError `VALIDATION_FAILED` when `value` is `.` or `..`
 */
export function encodePathSegment(value: string, what = 'value'): string {
  if (value === '.' || value === '..') {
    throw new RelayflowError(
      'VALIDATION_FAILED',
      `${what} "${value}" cannot be sent as a URL path segment: URLs read "." and ".." (even percent-encoded) as the current and parent path, so the request would reach another resource; it was not sent`,
    );
  }
  return encodeURIComponent(value);
}
