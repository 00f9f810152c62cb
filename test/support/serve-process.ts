import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from './cli';

/** A `relayflow serve` child process and what it printed. */
export interface Served {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/**
 * Starts `relayflow ARGS` (e.g. `serve ...`) as a child process, with `RELAYFLOW_API_KEY` set to
 * `key` (and `env`); `bin`: another `relayflow` executable (a project's `node_modules/.bin/relayflow`).
 */
export function startServe(args: string[], cwd: string, key = '', env: NodeJS.ProcessEnv = {}, bin?: string): Served {
  const environment = { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_API_KEY: key, ...env };
  const child = bin ? spawn(bin, args, { cwd, env: environment }) : spawn(process.execPath, [CLI, ...args], { cwd, env: environment });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the `listening on` line; returns the URL. */
export async function listening(served: Served, ms = 15_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const m = /^listening on (http:\/\/\S+)$/m.exec(served.stderr());
    if (m) return m[1];
    if (Date.now() > until || served.child.exitCode !== null) throw new Error(`no "listening on" line; stderr:\n${served.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}


/** Kills a process at once (SIGKILL, as a crash would) and waits for it to be gone. */
export async function killHard(served: Served): Promise<void> {
  if (served.child.exitCode === null) served.child.kill('SIGKILL');
  await served.exited;
}

/**
 * The `relayflow` processes a suite starts, each with `startServe`'s arguments; `killAll` (in an
 * `afterEach`) kills what is still running, so no test leaves a process behind.
 */
export class ServedProcesses {
  private readonly started: Served[] = [];

  start(args: string[], cwd: string, key = '', env: NodeJS.ProcessEnv = {}): Served {
    const served = startServe(args, cwd, key, env);
    this.started.push(served);
    return served;
  }

  async killAll(): Promise<void> {
    for (const served of this.started.splice(0)) await killHard(served);
  }
}
