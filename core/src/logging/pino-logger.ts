import type pino from 'pino';
import type { Logger } from '../contracts/logger';
import { formattedSink, logFormatFrom, stderrSink, type LogFormat, type LogSink } from './log-destination';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/** How a {@link PinoLogger} is made; every option has a default from the environment. */
export interface PinoLoggerOptions {
  /** `debug`, `info`, `warn`, `error` or `silent` (default `RELAYFLOW_LOG_LEVEL`, else `warn`). */
  level?: string;
  /** `json` or `pretty` (default `RELAYFLOW_LOG_FORMAT`, else pretty when stderr is a terminal). */
  format?: LogFormat;
  /**
   * Write to fd 2 with blocking writes instead of through `process.stderr`: for a CLI that may
   * call `process.exit` right after logging (the `relayflow` command does).
   */
  sync?: boolean;
  /** Where lines go instead of stderr (each line is one `write`). */
  destination?: LogSink;
  /** Wrap this pino logger instead of making one (the options above are then ignored). */
  pino?: pino.Logger;
}

/**
 * The default logger: pino, one entry per line on stderr (stdout is for command output). JSON
 * for machines (`{"level":"warn","time":"...","pid":1234,...fields,"msg":"..."}`),
 * pino-pretty when stderr is a terminal or `RELAYFLOW_LOG_FORMAT=pretty` (`json` forces JSON).
 * The level comes from `RELAYFLOW_LOG_LEVEL`: debug, info, warn (default), error, silent.
 */
export class PinoLogger implements Logger {
  private made?: pino.Logger;
  /** For a root logger whose pino is not made yet: how to make it, its level and format read now. */
  private readonly toMake?: PinoLoggerOptions & { level: Level; format: LogFormat };

  /**
   * @param options - how to make the pino logger
   * @param parent - for a child: the parent's logger and the child's fields; pino's child is made
   *   on the first line written (an execution makes a child it may never write to)
   */
  constructor(options: PinoLoggerOptions = {}, private readonly parent?: { logger: PinoLogger; fields: Record<string, unknown> }) {
    if (parent) return;
    if (options.pino) this.made = options.pino;
    // pino itself is loaded and made with the first line written at the level: a command that
    // logs nothing (most runs, at the default level warn) does not load it.
    else this.toMake = { ...options, level: logLevel(options.level ?? process.env.RELAYFLOW_LOG_LEVEL), format: options.format ?? logFormatFrom() };
  }

  /** The pino logger underneath, for a host that wants pino's own API. */
  get pino(): pino.Logger {
    this.made ??= this.toMake
      ? createPino(this.toMake)
      : (this.parent as { logger: PinoLogger; fields: Record<string, unknown> }).logger.pino.child(ownFields(this.parent?.fields));
    return this.made;
  }

  debug(message: string, fields?: Record<string, unknown>): void { this.write('debug', message, fields); }
  info(message: string, fields?: Record<string, unknown>): void { this.write('info', message, fields); }
  warn(message: string, fields?: Record<string, unknown>): void { this.write('warn', message, fields); }
  error(message: string, fields?: Record<string, unknown>): void { this.write('error', message, fields); }

  child(fields: Record<string, unknown>): Logger {
    return new PinoLogger({}, { logger: this, fields });
  }

  /**
   * Whether a line at `level` would be written: a caller about to build costly fields (a line
   * per request) asks first.
   */
  isLevelEnabled(level: Exclude<Level, 'silent'>): boolean {
    if (this.made) return this.made.isLevelEnabled(level);
    if (this.toMake) return LEVELS.indexOf(level) >= LEVELS.indexOf(this.toMake.level);
    return (this.parent as { logger: PinoLogger }).logger.isLevelEnabled(level);
  }

  /** Lines below the level cost a level check: no fields copied, no child made. */
  private write(level: Exclude<Level, 'silent'>, message: string, fields?: Record<string, unknown>): void {
    if (!this.isLevelEnabled(level)) return;
    this.pino[level](ownFields(fields), message);
  }
}

/** Keys of every line; a field of the same name would make a second, ambiguous key. */
const RESERVED_KEYS = new Set(['level', 'time', 'pid', 'msg']);

/** The fields, with one named like a line key renamed `_key` (so `level` stays the level). */
function ownFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  if (!Object.keys(fields).some((k) => RESERVED_KEYS.has(k))) return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [RESERVED_KEYS.has(k) ? `_${k}` : k, v]));
}

/** `level` if it is one Relayflow knows, else `warn` (as the plain logger always did). */
export function logLevel(level: string | undefined): Level {
  const wanted = level?.trim().toLowerCase();
  return LEVELS.find((l) => l === wanted) ?? 'warn';
}

function createPino(options: PinoLoggerOptions & { level: Level; format: LogFormat }): pino.Logger {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first line written (see PinoLogger)
  const pino = require('pino') as typeof import('pino');
  const { format } = options;
  const sink = options.destination ?? stderrSink(options.sync);
  const colorize = format === 'pretty' && !options.destination && Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  return pino({
    level: options.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Errors under `err` or `error` keep their message and stack (JSON.stringify would make them `{}`).
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  }, formattedSink(sink, format, colorize));
}
