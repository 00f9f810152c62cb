import { Command, CommanderError, Option } from 'commander';
import { errorInfo } from '../errors/error-info';
import { RelayflowError } from '../errors/relayflow-error';
import type { CommandRunner, GlobalOptions } from './cli-context';
import { processIo, type CliIo } from './cli-io';
import { apikeysCommand } from './commands/apikeys-command';
import { connectorsCommand } from './commands/connectors-command';
import { pluginCommand } from './commands/plugin-init-command';
import { pluginsCommand } from './commands/plugins-command';
import { executionsCommand } from './commands/executions-command';
import { runCommand } from './commands/run-command';
import { schemaCommand } from './commands/schema-command';
import { serveCommand } from './commands/serve-command';
import { validateCommand } from './commands/validate-command';
import { workflowsCommand } from './commands/workflows-command';
import { reportError } from './output';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

/**
 * Builds the `relayflow` program. Every action returns its exit code; errors are printed
 * without a stack trace and mapped to the contract's exit codes.
 */
export function buildProgram(setExitCode: (code: number) => void, io: CliIo = processIo()): Command {
  const program = new Command('relayflow')
    .description('Relayflow: run YAML workflows that talk to external systems through connectors')
    .version(VERSION, '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('--config <file>', 'config file (default ./relayflow.yaml when it exists)'))
    .addOption(new Option('--data-dir <dir>', 'data directory (default $RELAYFLOW_DATA_DIR, else ./.relayflow)'))
    .option('--json', 'machine output: JSON on stdout, nothing else')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput(commanderOutput(io));

  const run: CommandRunner = (action) => async (...args) => {
    const command = args[args.length - 1] as Command;
    const globals = { ...globalOptions(command), io };
    try {
      setExitCode(await action(globals, ...args.slice(0, -1)));
    } catch (err) {
      setExitCode(reportError(err, io.stderr));
    }
  };

  program.addCommand(runCommand(run));
  program.addCommand(validateCommand(run));
  program.addCommand(connectorsCommand(run));
  program.addCommand(pluginsCommand(run));
  program.addCommand(pluginCommand(run));
  program.addCommand(executionsCommand(run));
  program.addCommand(workflowsCommand(run));
  program.addCommand(apikeysCommand(run));
  program.addCommand(schemaCommand(run));
  program.addCommand(serveCommand(run));
  for (const cmd of program.commands) prepare(cmd, io);
  return program;
}

/** Commander's help and usage errors go where the rest of the output goes. */
function commanderOutput(io: CliIo): { writeOut(text: string): void; writeErr(text: string): void } {
  return { writeOut: (text) => { io.stdout.write(text); }, writeErr: (text) => { io.stderr.write(text); } };
}

/**
 * Every command also takes the global options after its name (a group's before its own
 * subcommand); errors exit through us.
 */
function prepare(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput(commanderOutput(io));
  if (!cmd.options.some((o) => o.long === '--config')) cmd.addOption(new Option('--config <file>', 'config file (default ./relayflow.yaml when it exists)'));
  cmd.addOption(new Option('--data-dir <dir>', 'data directory (default $RELAYFLOW_DATA_DIR, else ./.relayflow)'));
  cmd.option('--json', 'machine output: JSON on stdout, nothing else');
  if (cmd.commands.length) {
    cmd.enablePositionalOptions();
    cmd.commands.forEach((sub) => prepare(sub, io));
  }
}

/**
 * The global options, wherever they were given: the command's own, else its group's, else the
 * program's. `connectors create|update` have their own `--config JSON`; there a value that is
 * not JSON (`{...}` or `@file`) is taken as the config file, so `--config relayflow.yaml` still
 * works in either place.
 */
function globalOptions(command: Command): GlobalOptions {
  const globals: GlobalOptions = {};
  const connectorJson = command.name() === 'create' || command.name() === 'update';
  for (let c: Command | null = command; c; c = c.parent) {
    const opts = c.opts<GlobalOptions>();
    let config = opts.config;
    if (c === command && connectorJson && config !== undefined) {
      if (/^\s*[{@]/.test(config)) config = undefined;
      else command.setOptionValue('config', undefined);
    }
    globals.config ??= config;
    globals.dataDir ??= opts.dataDir;
    globals.json ||= Boolean(opts.json);
  }
  return globals;
}

/**
 * The CLI entry point.
 * @param argv - as `process.argv`: the first two entries are skipped
 * @param io - where to write (default: the process's streams); with a host's own, the command
 *   runs in-process without touching `process.exitCode` or `process.stdout`
 * @returns the exit code (also set on `process.exitCode` when writing to the process's streams)
 */
export async function main(argv: string[] = process.argv, io?: CliIo): Promise<number> {
  const streams = io ?? processIo();
  // `--version` is a global option: it works after any command, not only before the first.
  const args = argv.slice(2);
  const end = args.indexOf('--');
  if ((end === -1 ? args : args.slice(0, end)).includes('--version')) {
    streams.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // A closed pipe (`relayflow schema | head -1`) ends the output, not in a stack trace.
  if (!io) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  let code = 0;
  const program = buildProgram((c) => { code = c; }, streams);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed what was wrong with the command line: a bad flag is BAD_ARGUMENT.
      code = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : errorInfo('BAD_ARGUMENT').exitCode;
    } else {
      code = reportError(err instanceof Error ? err : new RelayflowError('INTERNAL', String(err)), streams.stderr);
    }
  }
  if (!io) process.exitCode = code;
  return code;
}
