import { Command } from 'commander';
import type { Config } from '../../config/relayflow-config';
import type { Lifecycle } from '../../contracts/lifecycle';
import type { Logger } from '../../contracts/logger';
import type { Store } from '../../contracts/store';
import type { WorkflowService } from '../../contracts/workflow-service';
import { RelayflowError } from '../../errors/relayflow-error';
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
  const { Store: StoreToken } = require('../../contracts/store') as typeof import('../../contracts/store');
  const { Lifecycle: LifecycleToken } = require('../../contracts/lifecycle') as typeof import('../../contracts/lifecycle');
  const { Logger: LoggerToken } = require('../../contracts/logger') as typeof import('../../contracts/logger');
  const { WorkflowService: WorkflowServiceToken } = require('../../contracts/workflow-service') as typeof import('../../contracts/workflow-service');
  const { distributeWork } = require('../../workers/work-distribution') as typeof import('../../workers/work-distribution');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const logger = new PinoLogger({ sync: true });
  const rf = await createRelayflow({ configFile: configFileFor(globals), dataDir: globals.dataDir, logger });
  try {
    const { container } = rf;
    const config = container.get<Config>(ConfigToken);
    const store = container.get<Store>(StoreToken);
    if (!store.workers) {
      throw new RelayflowError('BAD_ARGUMENT',
        'relayflow worker needs a PostgreSQL store (store: postgres://... in relayflow.yaml); with the embedded store, relayflow serve runs executions itself');
    }
    const configured = config.server.workerConcurrency;
    const lifecycle = container.get<Lifecycle>(LifecycleToken);
    distributeWork({
      store,
      url: config.store,
      workflows: container.get<WorkflowService>(WorkflowServiceToken),
      lifecycle,
      logger: container.get<Logger>(LoggerToken),
      concurrency: concurrency ?? (configured > 0 ? configured : DEFAULT_CONCURRENCY),
      graceMs: parseDuration(config.server.shutdownGrace) ?? 30_000,
      retentionMs: parseDuration(config.server.queueRetention) ?? 3_600_000,
    });
    await lifecycle.start();
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
