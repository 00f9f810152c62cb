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

  constructor(private readonly write: (text: string) => void, private readonly color: boolean, private readonly live: boolean) {}

  stepStarted(step: StepRecord, depth: number): void {
    this.endPending();
    const block = step.type === 'if' || step.type === 'foreach';
    if (!block && !this.live) return;
    this.write(`${'  '.repeat(depth + 1)}… ${nameOf(step)}${block ? ` (${step.type})\n` : ''}`);
    this.pending = !block;
  }

  stepRetrying(step: StepRecord, depth: number, delayMs: number): void {
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
    this.write(`${this.pending ? CLEAR_LINE : ''}${stepLine(step, depth, this.color)}\n`);
    this.pending = false;
    if (this.messages.has(step)) {
      this.write(`${consoleText(this.messages.get(step), depth)}\n`);
      this.messages.delete(step);
    }
  }

  /** Ends a half-written line (before other output). */
  endPending(): void {
    if (this.pending) this.write('\n');
    this.pending = false;
  }
}

function nameOf(step: StepRecord): string {
  return step.foreachIndex === undefined ? step.name : `${step.name}[${step.foreachIndex}]`;
}
