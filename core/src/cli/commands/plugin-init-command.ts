import { Command } from 'commander';
import { nextSteps, scaffoldPlugin, ScaffoldError } from 'create-relayflow-plugin';
import { RelayflowError } from '../../errors/relayflow-error';
import { SDK_VERSION } from '../../contracts/sdk-version';
import { ioOf, type CommandRunner } from '../cli-context';
import { createOutput } from '../output';

/**
 * `relayflow plugin init NAME`: the same scaffold as `npm create relayflow-plugin NAME` (the
 * create-relayflow-plugin package writes it; this is its alias for those who have the CLI).
 */
export function pluginCommand(run: CommandRunner): Command {
  const cmd = new Command('plugin').description('write connector plugins');
  cmd.command('init').argument('<name>', 'npm package name, e.g. relayflow-plugin-acme or @acme/relayflow-plugin-tickets')
    .description('create a plugin package (as npm create relayflow-plugin NAME): manifest, one connector type with one action, a passing test, lint, build and watch scripts, README')
    .option('--dir <dir>', 'where to create it (default: ./<name without scope>)')
    .option('--type <id>', 'connector type id (default: derived from the name)')
    .action(run(async (g, name: string, opts: { dir?: string; type?: string }) => {
      let made;
      try {
        made = scaffoldPlugin({ name, dir: opts.dir, type: opts.type, sdkVersion: SDK_VERSION });
      } catch (err) {
        if (err instanceof ScaffoldError) throw new RelayflowError('BAD_ARGUMENT', err.message);
        throw err;
      }
      const out = createOutput(Boolean(g.json), ioOf(g));
      out.result(made, () => nextSteps(made.package, made.dir, made.connectorType));
      return 0;
    }));
  return cmd;
}
