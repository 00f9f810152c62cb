import { Command, CommanderError, Option } from 'commander';
import { RelayflowError } from '../contracts/relayflow-error';
import type { CommandRunner, GlobalOptions } from './cli-context';
import { connectorsCommand } from './commands/connectors-command';
import { pluginCommand } from './commands/plugin-init-command';
import { pluginsCommand } from './commands/plugins-command';
import { executionsCommand } from './commands/executions-command';
import { runCommand } from './commands/run-command';
import { schemaCommand } from './commands/schema-command';
import { validateCommand } from './commands/validate-command';
import { reportError } from './output';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

/**
 * Builds the `relayflow` program. Every action returns its exit code; errors are printed
 * without a stack trace and mapped to the contract's exit codes.
 */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('relayflow')
    .description('Relayflow: run YAML workflows that talk to external systems through connectors')
    .version(VERSION, '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('--config <file>', 'config file (default ./relayflow.yaml when it exists)'))
    .addOption(new Option('--data-dir <dir>', 'data directory (default $RELAYFLOW_DATA_DIR, else ./.relayflow)'))
    .option('--json', 'machine output: JSON on stdout, nothing else')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride();

  const run: CommandRunner = (action) => async (...args) => {
    const command = args[args.length - 1] as Command;
    const globals = globalOptions(program, command);
    try {
      setExitCode(await action(globals, ...args.slice(0, -1)));
    } catch (err) {
      setExitCode(reportError(err));
    }
  };

  program.addCommand(runCommand(run));
  program.addCommand(validateCommand(run));
  program.addCommand(connectorsCommand(run));
  program.addCommand(pluginsCommand(run));
  program.addCommand(pluginCommand(run));
  program.addCommand(executionsCommand(run));
  program.addCommand(schemaCommand(run));
  for (const cmd of program.commands) prepare(cmd);
  return program;
}

/** Every leaf command also takes the global options after its name; errors exit through us. */
function prepare(cmd: Command): void {
  cmd.exitOverride();
  if (cmd.commands.length) {
    cmd.commands.forEach(prepare);
    return;
  }
  if (!cmd.options.some((o) => o.long === '--config')) cmd.addOption(new Option('--config <file>', 'config file (default ./relayflow.yaml when it exists)'));
  cmd.addOption(new Option('--data-dir <dir>', 'data directory (default $RELAYFLOW_DATA_DIR, else ./.relayflow)'));
  cmd.option('--json', 'machine output: JSON on stdout, nothing else');
}

/**
 * The global options, given before or after the command name. `connectors create|update` have
 * their own `--config JSON`; there a value that is not JSON (`{...}` or `@file`) is taken as the
 * config file, so `--config relayflow.yaml` still works in either place.
 */
function globalOptions(program: Command, command: Command): GlobalOptions {
  const before = program.opts<GlobalOptions>();
  const after = command.opts<GlobalOptions>();
  const globals: GlobalOptions = { config: before.config, dataDir: after.dataDir ?? before.dataDir, json: Boolean(after.json ?? before.json) };
  if (after.config !== undefined) {
    const connectorJson = command.name() === 'create' || command.name() === 'update';
    if (!connectorJson || !/^\s*[{@]/.test(after.config)) {
      globals.config = after.config;
      if (connectorJson) command.setOptionValue('config', undefined);
    }
  }
  return globals;
}

/**
 * The CLI entry point.
 * @returns the exit code (also set on `process.exitCode`)
 */
export async function main(argv: string[] = process.argv): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    } else {
      code = reportError(err instanceof Error ? err : new RelayflowError('INTERNAL', String(err)));
    }
  }
  process.exitCode = code;
  return code;
}
