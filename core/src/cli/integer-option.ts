import { RelayflowError } from '../errors/relayflow-error';

/**
 * A whole-number flag (`--limit 50`), checked against its range before it reaches the store
 * (a number SQLite cannot take failed there as "datatype mismatch", exit 1).
 * @throws RelayflowError `BAD_ARGUMENT` naming the flag, its allowed range and what was given
 */
export function integerOption(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RelayflowError('BAD_ARGUMENT', `${flag} must be a whole number from ${min} to ${max} (got ${text})`);
  }
  return value;
}
