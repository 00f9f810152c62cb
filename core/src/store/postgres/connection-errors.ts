import { RelayflowError } from '../../errors/relayflow-error';
import { displaySetting } from '../store-factory-registry';

/** Node's codes for a server that cannot be reached (or went away). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** SQLSTATEs of a server shutting down, restarting or not accepting connections yet. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when an error says the server could not be reached or the connection was lost (it may be
 * restarting): trying again later can succeed. False for errors in what was asked.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
  // node-postgres' own messages for a connection that ended or never came up carry no code.
  return typeof e?.message === 'string' && /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/i.test(e.message);
}

/**
 * A message from the driver or server, safe to show: the password of `url`, should it appear,
 * is masked (node-postgres and PostgreSQL do not quote it, but a message is no place to find out).
 */
export function safeMessage(err: unknown, url: string): string {
  const message = String((err as Error)?.message ?? err);
  return passwordsOf(url).reduce((shown, password) => shown.split(password).join('***'), message);
}

/** Why the store at `url` cannot be opened, as the exit-2 error users see (never its password). */
export function unavailable(url: string, err: unknown): RelayflowError {
  const shown = displaySetting(url);
  const reason = safeMessage(err, url);
  const hint = isConnectionError(err)
    ? 'check that PostgreSQL is running and reachable there, or change "store:" in relayflow.yaml'
    : 'check the user, password and database in "store:" (relayflow.yaml), and that the user may create the schema "relayflow" there';
  return new RelayflowError('STORE_UNAVAILABLE', `cannot open the PostgreSQL store ${shown}: ${reason}; ${hint}`, { cause: err });
}

/** The password in a URL, as written and decoded (user:password@ or ?password=). */
function passwordsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const found = [parsed.password, safeDecode(parsed.password), parsed.searchParams.get('password') ?? ''];
  return [...new Set(found.filter((p) => p.length > 0))];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
