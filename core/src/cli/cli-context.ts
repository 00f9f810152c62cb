import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Problem } from '../contracts/problem';
import { formatProblem } from '../errors/format-problem';
import type { Relayflow } from '../runtime/relayflow';
import { logSinkFor, processIo, type CliIo } from './cli-io';
import { createOutput, type Output } from './output';

/** The global options every command takes (contract §2). */
export interface GlobalOptions {
  config?: string;
  dataDir?: string;
  json?: boolean;
  /** Where this run of the command writes (default: the process's streams). */
  io?: CliIo;
}

/** The streams a command writes to. */
export function ioOf(options: GlobalOptions): CliIo {
  return options.io ?? processIo();
}

/**
 * Wraps a command body: gives it the global options (and the command's arguments) and turns
 * its returned exit code, or its error, into the process exit code.
 */
export type CommandRunner = (action: (globals: GlobalOptions, ...args: any[]) => Promise<number>) => (...args: any[]) => Promise<void>;

/** The config file to use: `--config` (or `-c`), else `$RELAYFLOW_CONFIG`, else `./relayflow.yaml` when it exists. */
export function configFileFor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (options.config) return resolve(options.config);
  if (env.RELAYFLOW_CONFIG) return resolve(env.RELAYFLOW_CONFIG);
  const fallback = resolve('relayflow.yaml');
  return existsSync(fallback) ? fallback : undefined;
}

/** How a command uses Relayflow. */
export interface CommandNeeds {
  /**
   * A diagnostic command (`validate`, `plugins list`, `connectors types`) does not refuse to
   * diagnose: an unset `${env:NAME}`, a preconfigured connector it cannot use (a type no plugin
   * provides) or secrets the key cannot open are printed as `warning: ...` on stderr instead.
   */
  diagnostic?: boolean;
  /**
   * The command only reads (`validate`, dry runs, list and get commands): where the store's file
   * does not exist yet it is not created; the command sees an empty store.
   */
  readOnly?: boolean;
}

/**
 * Runs a command body with a started Relayflow and stops it afterwards.
 * @returns the body's exit code
 */
export async function withRelayflow(options: GlobalOptions, body: (rf: Relayflow, out: Output) => Promise<number | void>, needs: CommandNeeds = {}): Promise<number> {
  const { createRelayflow, PinoLogger } = runtime();
  const io = ioOf(options);
  // Blocking writes to fd 2: the command may exit with process.exit right after a log line.
  const logger = new PinoLogger({ sync: true, destination: logSinkFor(io) });
  const onConfigWarning = needs.diagnostic ? (p: Problem) => io.stderr.write(`warning: ${formatProblem(p)}\n`) : undefined;
  const rf = await createRelayflow({
    configFile: configFileFor(options), dataDir: options.dataDir, logger, onConfigWarning, createStoreFile: !needs.readOnly,
  });
  try {
    return (await body(rf, createOutput(Boolean(options.json), io))) ?? 0;
  } finally {
    await rf.stop();
  }
}

/**
 * The runtime and the logger, loaded when a command first needs them: `--help`, a bad flag or
 * `plugin init` never load the core (DI container, config schemas, plugins).
 */
export function runtime(): typeof import('../runtime/create-relayflow') & typeof import('../logging/pino-logger') {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('../runtime/create-relayflow') as typeof import('../runtime/create-relayflow')),
    ...(require('../logging/pino-logger') as typeof import('../logging/pino-logger')),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
