import { availableParallelism } from 'node:os';
import { RelayflowError } from '../errors/relayflow-error';
import { parseByteSize, parseDuration } from '../validation/units';

/** Where and how the REST server listens, with every limit (contract §9). */
export interface ServerOptions {
  /** Default `127.0.0.1`. */
  host: string;
  /** Default 5680; 0 takes a free port. */
  port: number;
  /** Largest request body in bytes (`server.bodyLimit`, default 1 MiB); larger is 413. */
  bodyLimit: number;
  /** How long SIGTERM waits for running executions (`server.shutdownGrace`, default 30 s). */
  shutdownGraceMs: number;
  /** Failed authentications per client address per window (`server.authRateLimit`, default 20/min). */
  authRateLimit: { max: number; windowMs: number };
  /** Time a client has to send its request headers (default 10 s); a slow one is cut off. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request (default 30 s); the answer may take longer. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (default 5 s). */
  keepAliveTimeoutMs: number;
  /**
   * With a PostgreSQL store, executions this server runs at once as one of the workers
   * (`server.workerConcurrency`, default 8); 0: it only enqueues. The embedded store ignores it.
   */
  workerConcurrency: number;
  /**
   * With the embedded store, threads that run the executions while the main thread answers
   * requests (`server.executionThreads`; default one less than the CPUs, 1 to 4); 0: the main
   * thread runs them. A PostgreSQL store ignores it (its workers run them).
   */
  executionThreads: number;
}

/** Execution threads when the config does not say: one less than the CPUs (the main thread answers requests), 1 to 4. */
export function defaultExecutionThreads(cpus = availableParallelism()): number {
  return Math.min(4, Math.max(1, cpus - 1));
}

/** The defaults of contract §9. */
export const DEFAULT_SERVER_OPTIONS: ServerOptions = Object.freeze({
  host: '127.0.0.1',
  port: 5680,
  bodyLimit: 1024 * 1024,
  shutdownGraceMs: 30_000,
  authRateLimit: Object.freeze({ max: 20, windowMs: 60_000 }),
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  workerConcurrency: 8,
  executionThreads: defaultExecutionThreads(),
}) as ServerOptions;

/** The `server:` settings as written in relayflow.yaml (text units allowed). */
export interface ServerSettingsInput {
  host?: string;
  port?: number | string;
  bodyLimit?: string | number;
  shutdownGrace?: string | number;
  authRateLimit?: string;
  workerConcurrency?: number;
  executionThreads?: number;
}

const RATE = /^\s*(\d+)\s*\/\s*(s|sec|second|m|min|minute|h|hour)\s*$/i;

/**
 * Parses a rate such as `20/min`, `5/s`, `100/hour` (what the config accepts for
 * `server.authRateLimit`). Kept here rather than imported from the config module, so that
 * loading the server does not load the config's validation classes.
 * @throws RelayflowError `CONFIG_INVALID` for anything else
 */
export function parseRate(text: string, what = 'server.authRateLimit'): { max: number; windowMs: number } {
  const m = RATE.exec(text);
  if (!m || Number(m[1]) < 1) throw new RelayflowError('CONFIG_INVALID', `${what} must be a rate such as 20/min, 5/s or 100/hour (got "${text}")`);
  const unit = m[2].toLowerCase();
  return { max: Number(m[1]), windowMs: unit.startsWith('s') ? 1000 : unit.startsWith('h') ? 3_600_000 : 60_000 };
}

/**
 * The options to listen with: explicit ones (command-line flags) over the config's `server:`
 * section over the defaults.
 * @throws RelayflowError `CONFIG_INVALID` for a setting that cannot be read, `BAD_ARGUMENT` for a bad port or host flag
 */
export function resolveServerOptions(settings: ServerSettingsInput | undefined, overrides: Partial<ServerOptions> = {}): ServerOptions {
  const s = settings ?? {};
  const options: ServerOptions = { ...DEFAULT_SERVER_OPTIONS };
  if (s.host !== undefined) options.host = s.host;
  if (s.port !== undefined) options.port = port(s.port, 'server.port', 'CONFIG_INVALID');
  if (s.bodyLimit !== undefined) {
    const size = parseByteSize(s.bodyLimit);
    if (size === undefined || size < 1) throw new RelayflowError('CONFIG_INVALID', `server.bodyLimit must be a size such as 1mb or 512kb (got "${s.bodyLimit}")`);
    options.bodyLimit = size;
  }
  if (s.shutdownGrace !== undefined) {
    const grace = typeof s.shutdownGrace === 'number' ? s.shutdownGrace : parseDuration(s.shutdownGrace);
    if (grace === undefined || grace < 0) throw new RelayflowError('CONFIG_INVALID', `server.shutdownGrace must be a duration such as 30s (got "${s.shutdownGrace}")`);
    options.shutdownGraceMs = grace;
  }
  if (s.authRateLimit !== undefined) options.authRateLimit = parseRate(s.authRateLimit);
  if (s.workerConcurrency !== undefined) {
    if (!Number.isInteger(s.workerConcurrency) || s.workerConcurrency < 0) throw new RelayflowError('CONFIG_INVALID', `server.workerConcurrency must be a whole number, 0 or more (got "${s.workerConcurrency}")`);
    options.workerConcurrency = s.workerConcurrency;
  }
  if (s.executionThreads !== undefined) {
    if (!Number.isInteger(s.executionThreads) || s.executionThreads < 0 || s.executionThreads > 64) throw new RelayflowError('CONFIG_INVALID', `server.executionThreads must be a whole number from 0 to 64 (got "${s.executionThreads}")`);
    options.executionThreads = s.executionThreads;
  }
  const merged = { ...options, ...definedOnly(overrides) };
  merged.port = port(merged.port, '--port', 'BAD_ARGUMENT');
  if (!merged.host) throw new RelayflowError('BAD_ARGUMENT', '--host must not be empty');
  return merged;
}

/** A port number 0-65535 (0 = any free port). */
export function port(value: unknown, what: string, code: 'CONFIG_INVALID' | 'BAD_ARGUMENT'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new RelayflowError(code, `${what} must be a port number from 0 to 65535, 0 for any free port (got "${String(value)}")`);
  }
  return n;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
