import { Command, CommanderError } from 'commander';
import { errorInfo } from '../errors/error-info';
import { RelayflowError } from '../errors/relayflow-error';
import type { CommandRunner } from './cli-context';
import { processIo, type CliIo } from './cli-io';
import { addCommandOptions, addProgramOptions, globalOptions } from './global-options';
import { apikeysCommand } from './commands/apikeys-command';
import { connectorsCommand } from './commands/connectors-command';
import { pluginCommand } from './commands/plugin-init-command';
import { pluginsCommand } from './commands/plugins-command';
import { executionsCommand } from './commands/executions-command';
import { runCommand } from './commands/run-command';
import { schemaCommand } from './commands/schema-command';
import { serveCommand } from './commands/serve-command';
import { workerCommand } from './commands/worker-command';
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
    .helpOption('-h, --help', 'show help');
  addProgramOptions(program)
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput(commanderOutput(io));

  const run: CommandRunner = (action) => async (...args) => {
    const command = args[args.length - 1] as Command;
    try {
      const globals = { ...globalOptions(command), io };
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
  program.addCommand(workerCommand(run));
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
  addCommandOptions(cmd);
  if (cmd.commands.length) {
    cmd.enablePositionalOptions();
    cmd.commands.forEach((sub) => prepare(sub, io));
  }
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
