import type Table from 'cli-table3';
import { RelayflowError } from '../errors/relayflow-error';
import { exitCodeFor } from '../errors/error-info';
import { formatProblem } from '../errors/format-problem';
import { processIo, type CliIo, type CliWriter } from './cli-io';

/** Where command output goes: stdout for results, stderr for everything else. */
export interface Output {
  json: boolean;
  /** Prints a value: JSON (`--json`) or the human rendering. */
  result(value: unknown, human: () => string): void;
  /** A line for people on stderr (progress, notices); nothing in `--json` mode goes to stdout but results. */
  note(line: string): void;
  /** The command's stdout (results only). */
  stdout: CliWriter;
  /** The command's stderr (problems, progress, logs). */
  stderr: CliWriter;
}

/** Creates the output for one command invocation. */
export function createOutput(json: boolean, io: CliIo = processIo()): Output {
  return {
    json,
    stdout: io.stdout,
    stderr: io.stderr,
    result(value, human) {
      io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    note(line) {
      io.stderr.write(`${line}\n`);
    },
  };
}

/** cli-table3, loaded by the first command that prints a table (`validate` and `run` print none). */
export function tableClass(): typeof Table {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cli-table3') as typeof Table;
}

/** A table with a header row, sized to its content. */
export function table(head: string[], rows: Array<Array<string | number | boolean | undefined>>): string {
  const Table = tableClass();
  const t = new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of rows) t.push(row.map((c) => (c === undefined ? '' : String(c))));
  return t.toString();
}

/**
 * Prints an error the way the contract says: code-2 problems as `FILE:LINE:COL: message` (or
 * `error: message`), never a stack trace unless RELAYFLOW_DEBUG is set.
 * @returns the exit code
 */
export function reportError(err: unknown, stderr: CliWriter = process.stderr): 1 | 2 {
  const code = exitCodeFor(err);
  if (RelayflowError.is(err)) {
    if (err.problems.length) {
      for (const p of err.problems) stderr.write(`${p.location ? formatProblem(p) : `error: ${formatProblem(p)}`}\n`);
    } else {
      stderr.write(`error: ${err.message}\n`);
    }
  } else {
    stderr.write(`error: ${(err as Error)?.message ?? String(err)}\n`);
  }
  if (process.env.RELAYFLOW_DEBUG && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return code;
}
