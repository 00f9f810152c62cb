#!/usr/bin/env node
// Runs the embedded app: `node dist/main.js` (settings from the environment, see README.md).
import { exitCodeFor, formatProblem, RelayflowError } from '@relayflow/core';
import { join } from 'node:path';
import { startApp } from './app';
import { JsonLogger } from './json-logger';

async function main(): Promise<void> {
  const logger = new JsonLogger();
  const env = process.env;
  if (!env.SLACK_WEBHOOK_URL) throw new RelayflowError('CONFIG_INVALID', 'set SLACK_WEBHOOK_URL to the Slack incoming webhook to notify');
  const app = await startApp({
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    workflowFile: env.WORKFLOW_FILE ?? join(__dirname, '..', 'workflows', 'on-alert.yaml'),
    dataDir: env.RELAYFLOW_DATA_DIR ?? join(process.cwd(), '.relayflow'),
    logger,
    config: {
      encryptionKey: env.RELAYFLOW_ENCRYPTION_KEY,
      networking: { allowedHosts: (env.ALLOWED_HOSTS ?? 'hooks.slack.com').split(',') },
      connectors: [{ id: '5f7d3a1b-9c2e-4b8a-a6d4-0e1f2c3b4a59', name: 'alerts', type: 'slack', secrets: { webhookUrl: env.SLACK_WEBHOOK_URL } }],
    },
  });
  const stop = () => { app.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (RelayflowError.is(err) && err.problems.length) for (const p of err.problems) process.stderr.write(`${formatProblem(p)}\n`);
  else process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(exitCodeFor(err));
});
