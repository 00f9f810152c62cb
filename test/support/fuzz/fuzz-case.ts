import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemsOf, type Expected } from './outcome';
import type { CliOutcome } from './in-process-cli';

/** A file of a case: text (where `$REPEAT(N,TEXT)` is expanded), or bytes (base64) when it is not UTF-8. */
export type CaseFile = { text: string } | { base64: string } | { directory: true };

/** One command of a case and what it may end with. */
export interface CaseRun {
  /** Arguments; `$DIR` is the case's folder, `$DATA` the data dir, `$REPEAT(N,TEXT)` TEXT N times (TEXT without `)`). */
  args: string[];
  /** `run`: 0, 1 or 2; anything else: 0 or 2. */
  runs?: boolean;
  /** `--json` was given: stdout is JSON (an execution record for `run`). */
  json?: boolean;
  /** What stdin holds (child processes only). */
  stdin?: CaseFile;
}

/** A generated (or kept) case: files, the commands run on them, the secrets they hold. */
export interface FuzzCase {
  files: Record<string, CaseFile>;
  runs: CaseRun[];
  secrets: string[];
}

/** Runs one command of a case: in-process or as a child process. */
export type CaseRunner = (args: string[], run: CaseRun, dir: string) => Promise<CliOutcome>;

/** What happened: each command's outcome, and what was wrong with it. */
export interface CaseResult {
  outcomes: CliOutcome[];
  problems: string[];
}

/** The bytes of a case file. */
export function bytesOf(file: CaseFile): Buffer {
  return 'text' in file ? Buffer.from(file.text, 'utf8') : 'base64' in file ? Buffer.from(file.base64, 'base64') : Buffer.alloc(0);
}

/** A file from bytes: as text when they are UTF-8 (readable in a kept case), else base64. */
export function fileOf(bytes: Buffer): CaseFile {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? { text } : { base64: bytes.toString('base64') };
}

/**
 * Writes the case's files into `dir`, runs its commands one after the other, and checks each
 * outcome (exit code, message, no stack trace, no internal error, no secret, in time).
 */
export async function runCase(fuzzCase: FuzzCase, dir: string, dataDir: string, runner: CaseRunner): Promise<CaseResult> {
  mkdirSync(dir, { recursive: true });
  for (const [name, file] of Object.entries(fuzzCase.files)) {
    if ('directory' in file) mkdirSync(join(dir, name), { recursive: true });
    else writeFileSync(join(dir, name), 'text' in file ? expand(file.text) : bytesOf(file));
  }
  const result: CaseResult = { outcomes: [], problems: [] };
  for (const run of fuzzCase.runs) {
    const args = run.args.map((a) => expand(a).replaceAll('$DIR', dir).replaceAll('$DATA', dataDir));
    const outcome = await runner(args, run, dir);
    result.outcomes.push(outcome);
    const expected: Expected = { exitCodes: run.runs ? [0, 1, 2] : [0, 2], secrets: fuzzCase.secrets, output: run.json ? (run.runs ? 'record' : 'json') : 'text' };
    for (const p of problemsOf(outcome, expected)) result.problems.push(`relayflow ${run.args.join(' ')}: ${p}`);
  }
  return result;
}

/** `$REPEAT(N,TEXT)` → TEXT repeated N times: keeps deep-nesting cases short in a kept file. */
function expand(arg: string): string {
  return arg.replace(/\$REPEAT\((\d+),([^)]*)\)/g, (_m, n: string, text: string) => text.repeat(Number(n)));
}
