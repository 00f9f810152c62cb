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

/** Starts `relayflow ARGS` (e.g. `serve ...`) as a child process, with `RELAYFLOW_API_KEY` set to `key`. */
export function startServe(args: string[], cwd: string, key = ''): Served {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, RELAYFLOW_API_KEY: key } });
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

