import type { Logger } from '../contracts/logger';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
type Level = keyof typeof LEVELS;

/**
 * A plain logger: one `relayflow LEVEL: message (k=v ...)` line per entry on stderr (stdout is
 * for command output), from `RELAYFLOW_LOG_LEVEL` (debug, info, warn (default), error, silent)
 * upward. No longer the default (that is `PinoLogger`); kept for hosts that want these lines:
 * `createRelayflow({ logger: new ConsoleLogger() })`.
 */
export class ConsoleLogger implements Logger {
  private readonly threshold: number;

  constructor(level: string | undefined = process.env.RELAYFLOW_LOG_LEVEL, private readonly fields: Record<string, unknown> = {}) {
    this.threshold = LEVELS[(level as Level) in LEVELS ? (level as Level) : 'warn'];
  }

  debug(message: string, fields?: Record<string, unknown>): void { this.write('debug', message, fields); }
  info(message: string, fields?: Record<string, unknown>): void { this.write('info', message, fields); }
  warn(message: string, fields?: Record<string, unknown>): void { this.write('warn', message, fields); }
  error(message: string, fields?: Record<string, unknown>): void { this.write('error', message, fields); }

  child(fields: Record<string, unknown>): Logger {
    const level = (Object.keys(LEVELS) as Level[]).find((l) => LEVELS[l] === this.threshold);
    return new ConsoleLogger(level, { ...this.fields, ...fields });
  }

  private write(level: Exclude<Level, 'silent'>, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const all = { ...this.fields, ...fields };
    const extra = Object.entries(all).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    process.stderr.write(`relayflow ${level}: ${message}${extra ? ` (${extra})` : ''}\n`);
  }
}
