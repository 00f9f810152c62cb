/**
 * The logger every Relayflow service and plugin writes to. Hosts bind their own implementation
 * to the `Logger` token (or pass `createRelayflow({ logger })`). Fields are structured data;
 * implementations must not throw.
 */
export const Logger = Symbol.for('relayflow.Logger');
/** The logger interface (see the `Logger` token). */
export interface Logger {
  /** Detail for debugging; off by default. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Normal operation. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something a user should look at. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed. */
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}
