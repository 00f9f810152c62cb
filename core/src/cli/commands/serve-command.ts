import { Command } from 'commander';
import type { Config } from '../../config/relayflow-config';
import type { ServerSettingsInput } from '../../server/server-options';
import { exitSoon, stopSignal } from '../stop-signals';
import { configFileFor, runtime, type CommandRunner, type GlobalOptions } from '../cli-context';


/**
 * `relayflow serve [--host H] [--port P]`: the REST API and the trigger sources (contract §9).
 * Prints `listening on http://HOST:PORT` on stderr once it accepts requests (`{"url"}` on stdout
 * with `--json`). SIGTERM or SIGINT stops it gracefully (exit 0); a second one exits at once (1).
 */
export function serveCommand(run: CommandRunner): Command {
  return new Command('serve')
    .description('run the REST API and the triggers of stored workflows')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or server.host)')
    .option('--port <port>', 'port to listen on (default 5680, or server.port; 0 takes a free port)')
    .action(run((g, opts: { host?: string; port?: string }) => serveAction(g, opts)));
}

async function serveAction(globals: GlobalOptions, opts: { host?: string; port?: string }): Promise<number> {
  const { createRelayflow, PinoLogger } = runtime();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Config: ConfigToken } = require('../../config/relayflow-config') as typeof import('../../config/relayflow-config');
  // Blocking writes to fd 2: the process exits right after its last line.
  const logger = new PinoLogger({ sync: true });
  // Loaded only here: the server (Fastify and its plugins) is no part of any other command.
  const { resolveServerOptions, serve } = await import('../../server/index.js');
  const relayflowOptions = { configFile: configFileFor(globals), dataDir: globals.dataDir };
  const rf = await createRelayflow({ ...relayflowOptions, logger });
  let server;
  try {
    const settings = rf.container.get<Config>(ConfigToken).server as ServerSettingsInput | undefined;
    const options = resolveServerOptions(settings, { host: opts.host, port: opts.port === undefined ? undefined : portFlag(opts.port) });
    server = await serve(rf, { ...options, logger, relayflowOptions });
  } catch (err) {
    await rf.stop();
    throw err;
  }
  if (globals.json) process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.stderr.write(`listening on ${server.url}\n`);

  const signal = await stopSignal();
  logger.info('stopping', { signal, running: server.running });
  await rf.stop();
  exitSoon();
  return 0;
}

/** `--port` as given: checked by resolveServerOptions. */
function portFlag(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);
}
