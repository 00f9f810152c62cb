import type { CliOutcome } from './in-process-cli';

/** What a command may end with. */
export interface Expected {
  /** Exit codes allowed: 0 and 2 where nothing runs, 0, 1 and 2 for `run`. */
  exitCodes: number[];
  /** Values that must never be printed (secrets the case holds). */
  secrets: string[];
  /** What stdout holds: an execution record (`run --json`), other `--json` output, or text. */
  output: 'record' | 'json' | 'text';
}

/** A stack frame, printed raw or inside a JSON string (a log line's `stack`). */
const STACK_FRAME = /(^|\\n|\n)\s*at (?:[\w$.<>[\] ]+ \()?(?:node:|file:|\/|[A-Za-z]:\\)[^\n]*:\d+:\d+\)?/;
/** What JavaScript says when code breaks, rather than what Relayflow says about input. */
const JS_FAILURE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Maximum call stack|Cannot convert (undefined|null|object|a Symbol)|Invalid string length|Invalid array length|out of memory|\bInternalError\b|ERR_[A-Z_]+|\[object Object\]/m;

/**
 * Every way an outcome breaks the rule "exit 0, 1 or 2 with a message; never an internal error, a
 * stack trace, a hang or a secret in the output".
 * @returns one line per problem; empty when the outcome is fine
 */
export function problemsOf(outcome: CliOutcome, expected: Expected): string[] {
  const problems: string[] = [];
  const { stdout, stderr } = outcome;
  if (outcome.timedOut) problems.push(`did not end within the time limit (${Math.round(outcome.ms)} ms)`);
  problems.push(...outcome.crashes);
  if (outcome.timedOut || outcome.crashes.length) return problems;
  if (!expected.exitCodes.includes(outcome.code as number)) problems.push(`exit code ${outcome.code} (allowed: ${expected.exitCodes.join(', ')})`);
  // `run` that ran and failed says so in its record (--json) or its summary on stdout.
  if (outcome.code !== 0 && !hasMessage(stderr) && !(outcome.code === 1 && stdout.trim())) problems.push(`exit code ${outcome.code} without a message on stderr`);
  if (outcome.code === 0 && stdout.trim() === '') problems.push('exit code 0 with nothing on stdout');
  for (const [name, text] of [['stdout', stdout], ['stderr', stderr]] as const) {
    const frame = STACK_FRAME.exec(text);
    if (frame) problems.push(`a stack trace on ${name}: ${frame[0].trim()}`);
    const broken = JS_FAILURE.exec(text);
    if (broken) problems.push(`an internal failure on ${name}: ${lineAround(text, broken.index)}`);
    for (const secret of expected.secrets) if (text.includes(secret)) problems.push(`a secret on ${name}: ${lineAround(text, text.indexOf(secret))}`);
  }
  if (expected.output === 'record' && (outcome.code === 0 || outcome.code === 1)) problems.push(...recordProblems(stdout, outcome.code));
  if (expected.output === 'json' && outcome.code === 0) problems.push(...jsonProblems(stdout));
  return problems;
}

/** stderr says what went wrong: `error: ...` or `FILE:LINE:COL: ...`. */
function hasMessage(stderr: string): boolean {
  return /^(error: \S|\S.*:\d+:\d+: \S)/m.test(stderr);
}

function jsonProblems(stdout: string): string[] {
  try {
    JSON.parse(stdout);
    return [];
  } catch {
    return [`--json output is not JSON: ${stdout.slice(0, 200)}`];
  }
}

/** `run --json` prints the record; a failed one says why, never as an internal error. */
function recordProblems(stdout: string, code: number): string[] {
  let record: { status?: string; error?: ErrorShape | null; steps?: Array<{ name?: string; error?: ErrorShape | null }> };
  try {
    record = JSON.parse(stdout);
  } catch {
    return [`--json output is not JSON: ${stdout.slice(0, 200)}`];
  }
  const problems: string[] = [];
  if (code === 1 && !['failed', 'cancelled', 'timed_out'].includes(record.status ?? '')) problems.push(`exit code 1 with status ${record.status}`);
  if (code === 0 && record.status !== 'completed') problems.push(`exit code 0 with status ${record.status}`);
  const errors = [record.error, ...(record.steps ?? []).map((s) => s.error)].filter((e): e is ErrorShape => Boolean(e));
  for (const e of errors) {
    if (e.type === 'InternalError') problems.push(`an InternalError in the record: ${e.message}`);
    if (!e.message || !String(e.message).trim()) problems.push(`an error without a message in the record (${e.type})`);
  }
  if (code === 1 && !errors.length) problems.push('a failed execution whose record says no error');
  return problems;
}

interface ErrorShape {
  type?: string;
  message?: string;
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? undefined : end).slice(0, 300);
}
