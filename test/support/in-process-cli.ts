import { main } from '../../core/src/cli/main';
import type { CliResult } from './cli';

/**
 * Runs `relayflow ARGS` in this process, through the CLI's own entry (`main(argv, io)`), and
 * captures what it printed. Faster than a child process; for what needs a real process (signals,
 * stdin, exit) use `runCli`.
 * @param options.tty - stdout and stderr claim to be a terminal (live progress, colours)
 */
export async function relayflowInProcess(args: string[], options: { tty?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'relayflow', ...args], {
    stdout: { write: (text: string) => { stdout += text; }, isTTY: options.tty },
    stderr: { write: (text: string) => { stderr += text; }, isTTY: options.tty },
  });
  return { code, stdout, stderr };
}
