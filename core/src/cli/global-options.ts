import { Option, type Command } from 'commander';
import { RelayflowError } from '../errors/relayflow-error';
import type { GlobalOptions } from './cli-context';

const CONFIG_FILE_HELP = 'config file (default $RELAYFLOW_CONFIG, else ./relayflow.yaml when it exists)';
const DATA_DIR_HELP = 'data directory (default $RELAYFLOW_DATA_DIR, else ./.relayflow)';

/** The program's own global options: `-c, --config FILE`, `--data-dir DIR`, `--json`. */
export function addProgramOptions(program: Command): Command {
  return program
    .addOption(new Option('-c, --config <file>', CONFIG_FILE_HELP))
    .addOption(new Option('--data-dir <dir>', DATA_DIR_HELP))
    .option('--json', 'machine output: JSON on stdout, nothing else');
}

/**
 * The global options a command also takes after its name. A command with a `--config` of its
 * own (`connectors create|update --config JSON`: the connector's config) takes the config file
 * as `-c, --config-file FILE` instead.
 */
export function addCommandOptions(cmd: Command): void {
  if (cmd.options.some((o) => o.long === '--config')) cmd.addOption(new Option('-c, --config-file <file>', `${CONFIG_FILE_HELP}; here --config is the connector's config JSON`));
  else cmd.addOption(new Option('-c, --config <file>', CONFIG_FILE_HELP));
  cmd.addOption(new Option('--data-dir <dir>', DATA_DIR_HELP));
  cmd.option('--json', 'machine output: JSON on stdout, nothing else');
}

/** True when `--config` of this command is its own (not the config file): it then has `--config-file`. */
function ownsConfig(cmd: Command): boolean {
  return cmd.options.some((o) => o.long === '--config-file');
}

/**
 * The global options, wherever they were given: the command's own, its group's or the
 * program's. Two different config files (say `relayflow -c a.yaml workflows -c b.yaml list`)
 * are an error naming both. Under `connectors create|update`, `--config` is the connector's config
 * JSON (`{...}` or `@file.json`); a value that is neither is refused, saying where the config
 * file goes, instead of being taken for it.
 * @throws RelayflowError `BAD_ARGUMENT`
 */
export function globalOptions(command: Command): GlobalOptions {
  const globals: GlobalOptions = {};
  const files: Array<{ file: string; where: string }> = [];
  for (let c: Command | null = command; c; c = c.parent) {
    const opts = c.opts<GlobalOptions & { configFile?: string }>();
    const where = c.parent ? `after "${commandPath(c)}"` : 'before the command';
    if (ownsConfig(c)) {
      if (opts.config !== undefined) checkConnectorConfig(c, opts.config);
      if (opts.configFile !== undefined) files.push({ file: opts.configFile, where: `-c/--config-file ${where}` });
    } else if (opts.config !== undefined) {
      files.push({ file: opts.config, where: `--config ${where}` });
    }
    globals.dataDir ??= opts.dataDir;
    globals.json ||= Boolean(opts.json);
  }
  const distinct = [...new Set(files.map((f) => f.file))];
  if (distinct.length > 1) {
    throw new RelayflowError('BAD_ARGUMENT', `two config files given: ${files.map((f) => `${f.file} (${f.where})`).join(' and ')}; give one`);
  }
  globals.config = distinct[0];
  return globals;
}

/** `connectors create --config relayflow.yaml`: the connector's config was meant, or the file? Say which is which. */
function checkConnectorConfig(cmd: Command, value: string): void {
  if (/^\s*[{@]/.test(value)) return;
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  throw new RelayflowError('BAD_ARGUMENT', `${commandPath(cmd)} --config takes the connector's config: JSON ({...}) or @file.json, and "${shown}" is neither. `
    + `The config file (relayflow.yaml) goes before the command (relayflow --config ${shown} ${commandPath(cmd)} ...), or with -c ${shown}, or in RELAYFLOW_CONFIG`);
}

/** `connectors create` for the create command. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
