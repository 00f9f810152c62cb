import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');
/** The CLI as users run it (`npx relayflow` resolves to this file). */
export const CLI = join(ROOT, 'core', 'bin', 'relayflow.js');
/** The test-only echo plugin package. */
export const ECHO_PLUGIN = join(ROOT, 'test', 'fixtures', 'plugins', 'echo');

/** What a CLI run printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `relayflow` CLI in `cwd` (a real child process, as a user would).
 * @param options.env - extra environment; RELAYFLOW_* from the test process are not inherited
 * @param options.bin - another `relayflow` executable to run, e.g. a project's `node_modules/.bin/relayflow`
 *   (default: this repository's, through this Node.js)
 */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; bin?: string }): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  return new Promise((resolve, reject) => {
    const child = options.bin ? spawn(options.bin, args, { cwd: options.cwd, env }) : spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
