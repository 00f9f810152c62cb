import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from '../contracts/logger';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Fastify's logger interface over Relayflow's Logger: Fastify and its plugins log through the
 * core logger (pino by default, or the host's), each request's lines carrying its `reqId`.
 * Fastify calls loggers pino-style, `(fields, message)` or `(message)`; an `err` field becomes
 * `error` (message) and `stack`, request and response objects are never logged whole (they hold
 * headers, which may carry an API key).
 */
export class FastifyLogger implements FastifyBaseLogger {
  level = 'info';

  /**
   * @param logger - where lines go
   * @param bindings - fields added to every line (Fastify's per-request `reqId`): kept here and
   *   merged when a line is written, so a request whose lines are all below the level costs no
   *   child logger
   */
  constructor(private readonly logger: Logger, private readonly bindings: Record<string, unknown> = {}) {}

  fatal(a: unknown, b?: unknown): void { this.write('error', a, b); }
  error(a: unknown, b?: unknown): void { this.write('error', a, b); }
  warn(a: unknown, b?: unknown): void { this.write('warn', a, b); }
  info(a: unknown, b?: unknown): void { this.write('info', a, b); }
  debug(a: unknown, b?: unknown): void { this.write('debug', a, b); }
  trace(a: unknown, b?: unknown): void { this.write('debug', a, b); }
  silent(): void {}

  /**
   * Whether a line at `level` would be written: asked of the core logger when it can tell (the
   * default PinoLogger can), else true.
   */
  isLevelEnabled(level: string): boolean {
    const wanted: Level = level === 'fatal' ? 'error' : level === 'trace' ? 'debug' : (level as Level);
    const logger = this.logger as Partial<{ isLevelEnabled(level: Level): boolean }>;
    return typeof logger.isLevelEnabled === 'function' ? logger.isLevelEnabled(wanted) : true;
  }

  child(bindings: Record<string, unknown>): FastifyBaseLogger {
    return new FastifyLogger(this.logger, { ...this.bindings, ...bindings });
  }

  private write(level: Level, a: unknown, b: unknown): void {
    if (typeof a === 'string') {
      this.logger[level](a, this.bindings);
      return;
    }
    if (a instanceof Error) {
      this.logger[level](typeof b === 'string' ? b : a.message, { ...this.bindings, ...errorFields(a) });
      return;
    }
    const { err, error, req: _req, res: _res, ...fields } = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
    const failure = err ?? error;
    this.logger[level](typeof b === 'string' ? b : '', failure instanceof Error ? { ...this.bindings, ...fields, ...errorFields(failure) } : { ...this.bindings, ...fields });
  }
}

function errorFields(err: Error): Record<string, unknown> {
  return { error: err.message, ...((err as { code?: unknown }).code ? { code: (err as { code?: unknown }).code } : {}), stack: err.stack };
}
