import { Command } from 'commander';
import type { Config } from '../../config/relayflow-config';
import type { Lifecycle } from '../../contracts/lifecycle';
import { parseDuration } from '../../validation/units';
import { exitSoon, stopSignal } from '../stop-signals';
import { configFileFor, runtime, type CommandRunner, type GlobalOptions } from '../cli-context';
import { integerOption } from '../integer-option';

/** Executions a worker runs at once when neither `--concurrency` nor the config says. */
const DEFAULT_CONCURRENCY = 8;

/**
 * `relayflow worker [--concurrency N]` (contract §12): runs executions from a PostgreSQL store's
 * queue beside `relayflow serve` and other workers, on any machine. Prints `worker ready` on
 * stderr once it takes work. SIGTERM or SIGINT stops taking work and lets the executions running
 * here finish within `server.shutdownGrace` (exit 0); what is left is resumed by another worker.
 */
export function workerCommand(run: CommandRunner): Command {
  return new Command('worker')
    .description('run queued executions from a PostgreSQL store (beside relayflow serve and other workers)')
    .option('--concurrency <n>', `executions to run at once (default ${DEFAULT_CONCURRENCY}, or server.workerConcurrency when it is above 0)`)
    .action(run((g, opts: { concurrency?: string }) => workerAction(g, opts)));
}

async function workerAction(globals: GlobalOptions, opts: { concurrency?: string }): Promise<number> {
  const concurrency = opts.concurrency === undefined ? undefined : integerOption('--concurrency', opts.concurrency, 1, 1000);
  const { createRelayflow, PinoLogger } = runtime();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Config: ConfigToken } = require('../../config/relayflow-config') as typeof import('../../config/relayflow-config');
  const { Lifecycle: LifecycleToken } = require('../../contracts/lifecycle') as typeof import('../../contracts/lifecycle');
  const { distributeWork } = require('../../workers/work-distribution') as typeof import('../../workers/work-distribution');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const logger = new PinoLogger({ sync: true });
  const rf = await createRelayflow({ configFile: configFileFor(globals), dataDir: globals.dataDir, logger });
  try {
    const { server } = rf.container.get<Config>(ConfigToken);
    distributeWork(rf.container, {
      concurrency: concurrency ?? (server.workerConcurrency > 0 ? server.workerConcurrency : DEFAULT_CONCURRENCY),
      graceMs: parseDuration(server.shutdownGrace) ?? 30_000,
    });
    await rf.container.get<Lifecycle>(LifecycleToken).start();
  } catch (err) {
    await rf.stop();
    throw err;
  }
  process.stderr.write('worker ready\n');

  const signal = await stopSignal();
  logger.info('stopping', { signal });
  await rf.stop();
  exitSoon();
  return 0;
}
