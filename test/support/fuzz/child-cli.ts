import { spawn } from 'node:child_process';
import { CLI } from '../cli';
import type { CliOutcome } from './in-process-cli';

/**
 * Runs the built `relayflow` as a child process (as a user would), killed with SIGKILL when it
 * outlives the time limit.
 * @param options.env - the whole environment of the child
 * @param options.input - what it reads on stdin
 */
export function runChildCli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: Buffer | string; timeLimitMs: number }): Promise<CliOutcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeLimitMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    // A command that does not read stdin may exit before it is written: not a failure here.
    child.stdin.on('error', () => undefined);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, timedOut, crashes: signal && !timedOut ? [`killed by ${signal}`] : [] });
    });
    child.stdin.end(options.input ?? '');
  });
}
