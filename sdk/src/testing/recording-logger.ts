import type { Logger } from '@relayflow/core';

/** One log line a {@link recordingLogger} kept. */
export interface LogLine {
  /** The level it was logged at. */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** The message, secrets already redacted. */
  message: string;
  /** Structured fields (the logger's bindings, e.g. `plugin`, and the call's own). */
  fields: Record<string, unknown>;
}

/**
 * A logger that keeps every line in memory, for asserting on what a plugin logged (and that
 * no secret is in it). Pass it as `createTestRelayflow({ logger })`.
 */
export function recordingLogger(): { logger: Logger; lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const make = (bound: Record<string, unknown>): Logger => {
    const write = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
      lines.push({ level, message, fields: { ...bound, ...fields } });
    };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (f) => make({ ...bound, ...f }) };
  };
  return { logger: make({}), lines, text: () => lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields)}`).join('\n') };
}
