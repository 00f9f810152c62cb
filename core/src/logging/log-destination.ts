import type pino from 'pino';

/** Where log lines go: anything with a synchronous `write(text)`. */
export interface LogSink {
  write(text: string): unknown;
}

/** How the lines look: JSON for machines, or pino-pretty's one line per entry for people. */
export type LogFormat = 'json' | 'pretty';

/**
 * The format `RELAYFLOW_LOG_FORMAT` asks for (`json` or `pretty`); otherwise pretty when stderr
 * is a terminal, JSON when it is a pipe or a file.
 */
export function logFormatFrom(env: NodeJS.ProcessEnv = process.env, stderr: { isTTY?: boolean } = process.stderr): LogFormat {
  const asked = env.RELAYFLOW_LOG_FORMAT?.trim().toLowerCase();
  if (asked === 'json' || asked === 'pretty') return asked;
  return stderr.isTTY ? 'pretty' : 'json';
}

/**
 * Where lines go by default: `process.stderr`, looked up at each write (so a host or a test that
 * replaces `process.stderr.write` gets them), or with `sync`, fd 2 written with a blocking
 * write, so nothing is lost when a CLI calls `process.exit` right after logging (writes to a
 * pipe through `process.stderr` are asynchronous on POSIX).
 */
export function stderrSink(sync = false): LogSink {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- pino is loaded with the first line written
  if (sync) return (require('pino') as typeof pino).destination({ dest: 2, sync: true });
  return { write: (text) => process.stderr.write(text) };
}

/**
 * The stream pino writes to: JSON lines go to `sink` as they are; pretty ones are formatted
 * first, in the same call (pino-pretty's factory, not its transport: no worker thread, no buffer).
 */
export function formattedSink(sink: LogSink, format: LogFormat, colorize = false): pino.DestinationStream {
  if (format === 'json') return { write: (line) => { sink.write(line); } };
  // Loaded only for pretty output: a command whose logs are JSON (or silent) starts faster.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prettyFactory } = require('pino-pretty') as typeof import('pino-pretty');
  const pretty = prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true });
  return { write: (line) => { sink.write(pretty(line)); } };
}
