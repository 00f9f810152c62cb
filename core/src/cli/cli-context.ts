import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PinoLogger } from '../logging/pino-logger';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { createOutput, type Output } from './output';

/** The global options every command takes (contract §2). */
export interface GlobalOptions {
  config?: string;
  dataDir?: string;
  json?: boolean;
}

/**
 * Wraps a command body: gives it the global options (and the command's arguments) and turns
 * its returned exit code, or its error, into the process exit code.
 */
export type CommandRunner = (action: (globals: GlobalOptions, ...args: any[]) => Promise<number>) => (...args: any[]) => Promise<void>;

/** The config file to use: `--config`, else `./relayflow.yaml` when it exists. */
export function configFileFor(options: GlobalOptions): string | undefined {
  if (options.config) return resolve(options.config);
  const fallback = resolve('relayflow.yaml');
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Runs a command body with a started Relayflow and stops it afterwards.
 * @returns the body's exit code
 */
export async function withRelayflow(options: GlobalOptions, body: (rf: Relayflow, out: Output) => Promise<number | void>): Promise<number> {
  // Blocking writes to fd 2: the command may exit with process.exit right after a log line.
  const logger = new PinoLogger({ sync: true });
  const rf = await createRelayflow({ configFile: configFileFor(options), dataDir: options.dataDir, logger });
  try {
    return (await body(rf, createOutput(Boolean(options.json)))) ?? 0;
  } finally {
    await rf.stop();
  }
}
