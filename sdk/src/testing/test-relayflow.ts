import {
  createContainer, createRelayflow, Logger as LoggerToken,
  type ActionResult, type ExecutionRecord, type Logger, type Plugin, type Relayflow, type RunOptions,
} from '@relayflow/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A connector to create before the test runs. */
export interface TestConnector {
  /** Connector type id, e.g. `acme`. */
  type: string;
  /** Its name, which `runAction({ connector })` and a step's `connector-id` use. */
  name: string;
  /** Its id (1-100 of `A-Za-z0-9_-`); a UUID is generated when absent. */
  id?: string;
  /** The connector's config, validated by its type. */
  config?: Record<string, unknown>;
  /** The connector's secrets, validated and encrypted as in production. */
  secrets?: Record<string, unknown>;
}

/** A Relayflow for one test: its own temporary data dir (removed by `stop()`), or the one given. */
export interface TestRelayflow {
  /** The Relayflow itself, for anything the helpers do not cover. */
  relayflow: Relayflow;
  /** Its data dir: a temporary one, or the one given to `createTestRelayflow`. */
  dataDir: string;
  /**
   * Runs one action (the type's default when `action` is absent).
   * @returns the action's result, with secrets redacted as in production
   */
  runAction(invocation: { type: string; action?: string; connector?: string; params?: unknown; signal?: AbortSignal }): Promise<ActionResult>;
  /**
   * Validates and runs a workflow (YAML text) with the test's plugins and connectors.
   * @returns the execution record, as `relayflow run --json` prints it
   * @throws RelayflowError `WORKFLOW_INVALID` listing every problem when the workflow is invalid
   */
  runWorkflow(yaml: string, options?: RunOptions): Promise<ExecutionRecord>;
  /** Stops Relayflow and removes its temporary data dir (a data dir that was given is kept). */
  stop(): Promise<void>;
}

/**
 * Starts Relayflow in-process for a test: the given plugins only, a temporary data dir, a test
 * encryption key, and the given connectors created through the real connector service.
 *
 * @param options.config - extra relayflow.yaml settings (e.g. `networking`)
 * @param options.logger - where core and plugin logs go (see `recordingLogger`); default: core's logger (pino, on stderr)
 * @param options.dataDir - run on this data dir and keep it at `stop()` (e.g. a second Relayflow
 *   with other settings over the connectors a first one stored); default: a fresh temporary one,
 *   removed by `stop()`
 */
export async function createTestRelayflow(options: {
  plugins: Array<Plugin | string>;
  connectors?: TestConnector[];
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  dataDir?: string;
}): Promise<TestRelayflow> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'relayflow-sdk-test-'));
  const container = createContainer();
  if (options.logger) container.bind<Logger>(LoggerToken).toConstantValue(options.logger);
  const relayflow = await createRelayflow({
    container,
    plugins: options.plugins,
    dataDir,
    env: options.env ?? {},
    config: { encryptionKey: 'relayflow-test-key-0123456789abcdef', ...options.config },
  });
  try {
    for (const c of options.connectors ?? []) await relayflow.connectors.create(c);
  } catch (err) {
    // A connector the test got wrong must not leave the store open or the temporary dir behind.
    await relayflow.stop();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    relayflow,
    dataDir,
    runAction: (invocation) => relayflow.executeAction({ ...invocation, params: invocation.params ?? {} }),
    runWorkflow: (yaml, runOptions) => relayflow.run(yaml, runOptions),
    async stop() {
      await relayflow.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
