import type { ExecutionObserver } from '../contracts/workflow-service';
import type { StepRecord } from '../contracts/execution-record';
import { formatDuration } from '../validation/units';
import { consoleText, stepLine } from './execution-format';

const CLEAR_LINE = '\r\x1b[K';

/**
 * Progress of `relayflow run`: a line per step as it finishes, with console messages
 * underneath. On a terminal (`live`) each step's line appears when it starts and is rewritten
 * as it retries and finishes.
 */
export class RunProgress implements ExecutionObserver {
  private pending = false;
  private readonly messages = new Map<StepRecord, unknown>();
  private ticker?: NodeJS.Timeout;

  /**
   * @param live - a terminal: a step's line appears when it starts and is rewritten in place
   * @param elapsed - (live only) the running step's line shows its elapsed time, updated as it
   *   runs: a terminal, and not `--json`
   * @param tickMs - how often the elapsed time is rewritten
   */
  constructor(
    private readonly write: (text: string) => void,
    private readonly color: boolean,
    private readonly live: boolean,
    private readonly elapsed = false,
    private readonly tickMs = 250,
  ) {}

  stepStarted(step: StepRecord, depth: number): void {
    this.endPending();
    const block = step.type === 'if' || step.type === 'foreach';
    if (!block && !this.live) return;
    const line = `${'  '.repeat(depth + 1)}… ${nameOf(step)}`;
    this.write(`${line}${block ? ` (${step.type})\n` : ''}`);
    this.pending = !block;
    if (!block && this.elapsed) this.tick(line, Date.now());
  }

  /** Rewrites the running step's line with its elapsed time until the step ends. */
  private tick(line: string, started: number): void {
    this.ticker = setInterval(() => this.write(`${CLEAR_LINE}${line}  ${elapsedText(Date.now() - started)}`), this.tickMs);
    this.ticker.unref();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  stepRetrying(step: StepRecord, depth: number, delayMs: number): void {
    this.stopTicker();
    const reason = step.error ? `: ${step.error.message}` : '';
    const line = `${'  '.repeat(depth + 1)}↻ ${nameOf(step)}  attempt ${step.attempts} failed${reason.slice(0, 100)}; retrying in ${formatDuration(delayMs)}`;
    if (this.live) {
      this.write(`${CLEAR_LINE}${line}`);
      this.pending = true;
    } else {
      this.write(`${line}\n`);
    }
  }

  console(step: StepRecord, message: unknown): void {
    this.messages.set(step, message);
  }

  stepFinished(step: StepRecord, depth: number): void {
    this.stopTicker();
    this.write(`${this.pending ? CLEAR_LINE : ''}${stepLine(step, depth, this.color)}\n`);
    this.pending = false;
    if (this.messages.has(step)) {
      this.write(`${consoleText(this.messages.get(step), depth)}\n`);
      this.messages.delete(step);
    }
  }

  /** Ends a half-written line (before other output). */
  endPending(): void {
    this.stopTicker();
    if (this.pending) this.write('\n');
    this.pending = false;
  }
}

function nameOf(step: StepRecord): string {
  return step.foreachIndex === undefined ? step.name : `${step.name}[${step.foreachIndex}]`;
}

/** `0.7s`, `12.3s`, `2m 05s`: how long the running step has taken so far. */
export function elapsedText(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
