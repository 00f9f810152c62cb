import { parentPort } from 'node:worker_threads';
import { main } from '../../../core/src/cli/main';

/** What the parent asks: one run of the CLI. */
export interface CliRequest {
  id: number;
  args: string[];
}

/** What one run printed and how it ended. */
export interface CliReply {
  id: number;
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Rejections and exceptions nothing handled while the command ran (each a bug). */
  unhandled: string[];
}

// Anything thrown or rejected outside a command's own await chain is a bug the run reports.
const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => { unhandled.push(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`); });
process.on('uncaughtException', (err) => { unhandled.push(`uncaught exception: ${err?.stack ?? String(err)}`); });
// A process warning (the YAML parser's, a deprecation) is printed by Node itself, outside Relayflow's output.
process.on('warning', (warning) => { unhandled.push(`process warning: ${warning.name}: ${warning.message}`); });

parentPort?.on('message', async (request: CliRequest) => {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await main(['node', 'relayflow', ...request.args], {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
  });
  // A rejection left behind by the command surfaces within a turn or two of the loop.
  await new Promise((resolve) => setImmediate(resolve));
  const reply: CliReply = { id: request.id, code, stdout, stderr, ms: performance.now() - started, unhandled: unhandled.splice(0) };
  parentPort?.postMessage(reply);
});
