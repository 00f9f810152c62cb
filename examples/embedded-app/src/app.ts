import { createContainer, createRelayflow, Logger, type ExecutionRecord, type Relayflow } from '@relayflow/core';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the app needs: where to listen, which workflow to run, Relayflow's settings. */
export interface AppOptions {
  port?: number;
  host?: string;
  workflowFile: string;
  /** relayflow.yaml settings (connectors, networking, encryptionKey, ...). */
  config: object;
  dataDir: string;
  logger: Logger;
}

/** A running app. */
export interface App {
  url: string;
  relayflow: Relayflow;
  close(): Promise<void>;
}

/**
 * Starts the service: Relayflow embedded with the host's logger bound through the container,
 * and an HTTP endpoint `POST /events` that runs the workflow once per event and answers with the
 * execution's id and status (`GET /executions/:id` returns the full record).
 */
export async function startApp(options: AppOptions): Promise<App> {
  const container = createContainer();
  container.bind<Logger>(Logger).toConstantValue(options.logger);
  const relayflow = await createRelayflow({
    container,
    plugins: ['@relayflow/plugin-slack'],
    config: options.config,
    dataDir: options.dataDir,
  });
  // Parsed and validated once; every event then runs the compiled workflow.
  const workflow = await relayflow.compile(readFileSync(options.workflowFile, 'utf8'), options.workflowFile)
    .catch(async (err: unknown) => { await relayflow.stop(); throw err; });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => reply(res, 500, { error: err.message }));
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && req.url === '/events') {
      let event: unknown;
      try {
        event = JSON.parse(await body(req));
      } catch {
        return reply(res, 400, { error: 'the event must be a JSON object' });
      }
      const execution: ExecutionRecord = await relayflow.run(workflow, { event });
      options.logger.info('event handled', { execution: execution.id, status: execution.status });
      return reply(res, execution.status === 'completed' ? 200 : 502, { execution: execution.id, status: execution.status, error: execution.error });
    }
    const match = req.method === 'GET' && /^\/executions\/([0-9a-f-]{36})$/.exec(req.url ?? '');
    if (match) {
      const record = await relayflow.executions.get(match[1]).catch(() => undefined);
      return record ? reply(res, 200, record) : reply(res, 404, { error: 'no such execution' });
    }
    return reply(res, 404, { error: 'POST /events or GET /executions/:id' });
  };

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  options.logger.info('listening', { port });
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    relayflow,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relayflow.stop();
    },
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}
