import type { LogSink } from '../logging/log-destination';

/** Somewhere the CLI writes text: `process.stdout`, or a host's capture. */
export interface CliWriter {
  write(text: string): unknown;
  /** A terminal: colours and live progress lines (absent: not a terminal). */
  readonly isTTY?: boolean;
}

/**
 * Where one run of the `relayflow` command writes: the process's own streams by default, or a
 * host's, so a test (or a tool embedding the CLI) can run commands in-process and read what each
 * printed. Log lines go to `stderr` too. `relayflow serve` and `run --event -` (stdin) always use
 * the process.
 */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** True when `io` writes to the process's own stderr (then logs use blocking writes to fd 2). */
export function isProcessIo(io: CliIo): boolean {
  return io.stderr === process.stderr;
}

/** Where the logger of a command writes: `undefined` = fd 2 with blocking writes (the process). */
export function logSinkFor(io: CliIo): LogSink | undefined {
  return isProcessIo(io) ? undefined : { write: (text) => io.stderr.write(text) };
}
