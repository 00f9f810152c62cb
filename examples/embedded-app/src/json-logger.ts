import type { Logger } from '@relayflow/core';

/**
 * The host's own logger: JSON lines to a writable stream (stdout by default), the way this
 * service logs everything else. Bound to Relayflow's `Logger` token, it receives core's and
 * every plugin's logs (connector secrets already redacted).
 */
export class JsonLogger implements Logger {
  constructor(
    private readonly out: { write(line: string): unknown } = process.stdout,
    private readonly fields: Record<string, unknown> = { service: 'embedded-app' },
  ) {}

  debug(message: string, fields?: Record<string, unknown>): void { this.write('debug', message, fields); }
  info(message: string, fields?: Record<string, unknown>): void { this.write('info', message, fields); }
  warn(message: string, fields?: Record<string, unknown>): void { this.write('warn', message, fields); }
  error(message: string, fields?: Record<string, unknown>): void { this.write('error', message, fields); }
  child(fields: Record<string, unknown>): Logger { return new JsonLogger(this.out, { ...this.fields, ...fields }); }

  private write(level: string, message: string, fields?: Record<string, unknown>): void {
    this.out.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...this.fields, ...fields })}\n`);
  }
}
