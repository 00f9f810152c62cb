import pc from 'picocolors';
import type { ExecutionRecord, ExecutionSummary, StepRecord } from '../contracts/execution-record';
import { formatDuration } from '../validation/units';
import { valueText } from '../templating/template-renderer';
import { table } from './output';

const MARKS: Record<StepRecord['status'], string> = { completed: '✓', failed: '✗', skipped: '-', running: '…' };

/** How long a step took, from its record. */
export function stepDuration(step: StepRecord): string {
  if (!step.finishedAt) return '';
  return formatDuration(Date.parse(step.finishedAt) - Date.parse(step.startedAt));
}

/** One line for a step: mark, name (with its loop index), status, attempts, duration. */
export function stepLine(step: StepRecord, depth: number, color: boolean): string {
  const paint = color ? colorFor(step.status) : (s: string) => s;
  const name = step.foreachIndex === undefined ? step.name : `${step.name}[${step.foreachIndex}]`;
  const attempts = step.attempts > 1 ? `  ${step.attempts} attempts` : '';
  const duration = step.status === 'skipped' ? '' : `  ${stepDuration(step)}`;
  const line = `${'  '.repeat(depth + 1)}${paint(MARKS[step.status])} ${name}  ${pc.dim(step.type)}  ${paint(step.status)}${attempts}${duration}`;
  const error = step.error ? `\n${'  '.repeat(depth + 2)}${paint(`${step.error.type}: ${step.error.message}`)}` : '';
  return color ? line + error : stripColor(line + error);
}

/**
 * The closing line: id, workflow, status and duration; for an execution that never finished
 * (still running, or its process died), when it started instead.
 */
export function summaryLine(record: Pick<ExecutionRecord, 'id' | 'workflow' | 'status' | 'startedAt' | 'durationMs' | 'error'> & { steps?: StepRecord[] }, color: boolean): string {
  const paint = color ? colorFor(record.status) : (s: string) => s;
  const steps = record.steps ? ` (${record.steps.length} step result${record.steps.length === 1 ? '' : 's'})` : '';
  const timing = record.durationMs === null ? ` (started ${record.startedAt}, not finished)` : ` in ${formatDuration(record.durationMs)}`;
  const line = `execution ${record.id} of ${record.workflow.name}: ${paint(record.status)}${timing}${steps}`;
  const error = record.error && record.status !== 'completed' ? `\n  ${paint(`${record.error.type}: ${record.error.message}`)}` : '';
  return line + error;
}

/** A whole record for people: a line per step, then the summary. */
export function describeExecution(record: ExecutionRecord, color = false): string {
  const lines = record.steps.map((s) => stepLine(s, 0, color));
  return [...lines, summaryLine(record, color)].join('\n');
}

/** `executions list` as a table. */
export function executionsTable(list: ExecutionSummary[]): string {
  return table(['ID', 'WORKFLOW', 'STATUS', 'TRIGGER', 'STARTED', 'DURATION', 'STEPS'], list.map((e) => [
    e.id, e.workflowVersion === undefined ? e.workflow.name : `${e.workflow.name} v${e.workflowVersion}`, e.status, e.trigger?.type ?? 'manual', e.startedAt,
    e.durationMs === null ? '' : formatDuration(e.durationMs), e.stepCount,
  ]));
}

/** A console step's message, indented under its step line. */
export function consoleText(message: unknown, depth: number): string {
  const indent = '  '.repeat(depth + 2);
  return valueText(message).split('\n').map((l) => `${indent}│ ${l}`).join('\n');
}

function colorFor(status: string): (s: string) => string {
  if (status === 'completed') return pc.green;
  if (status === 'skipped') return pc.dim;
  if (status === 'running') return pc.cyan;
  return pc.red;
}

function stripColor(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
