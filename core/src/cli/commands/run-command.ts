import { Command } from 'commander';
import { RelayflowError } from '../../errors/relayflow-error';
import type { ExecutionObserver } from '../../contracts/workflow-service';
import { withRelayflow, type CommandRunner, type GlobalOptions } from '../cli-context';
import { summaryLine } from '../execution-format';
import { eventLimit, readEventArgument } from '../event-argument';
import { RunProgress } from '../run-progress';
import { readWorkflowFile } from '../workflow-file';

interface RunFlags {
  event?: string;
  input: string[];
  dryRun?: boolean;
}

/** `relayflow run WORKFLOW.yaml [--event FILE|-] [--input KEY=VALUE ...] [--dry-run]`. */
export function runCommand(run: CommandRunner): Command {
  return new Command('run')
    .description('validate, then run a workflow once; prints a summary, or with --json the execution record')
    .argument('<workflow>', 'the workflow YAML file')
    .option('--event <file>', 'the trigger event as a JSON file, or - to read it from stdin')
    .option('--input <key=value>', 'a value for a declared input (repeatable); converted to the declared type', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--dry-run', 'render every step and print the params each connector step would send; send nothing')
    .action(run((g, file: string, flags: RunFlags) => runWorkflow(g, file, flags)));
}

async function runWorkflow(globals: GlobalOptions, file: string, flags: RunFlags): Promise<number> {
  const yaml = readWorkflowFile(file);
  const inputs = parseInputs(flags.input);
  return withRelayflow(globals, async (rf, out) => {
    // Read once the config says how large it may be (limits.eventSize).
    const event = flags.event === undefined ? {} : readEventArgument(flags.event, eventLimit(rf));
    const controller = new AbortController();
    const interrupt = (): void => {
      if (controller.signal.aborted) process.exit(130);
      out.stderr.write('\ncancelling the execution (press Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    const stream = out.json ? out.stderr : out.stdout;
    // On a terminal a running step shows its elapsed time; not with --json, not into a pipe.
    const progress = out.json && !out.stderr.isTTY ? undefined : new RunProgress((t) => stream.write(t), Boolean(stream.isTTY), Boolean(stream.isTTY), Boolean(stream.isTTY) && !out.json);
    const observer: ExecutionObserver = { ...bind(progress) };
    if (flags.dryRun) {
      observer.dryRun = (step, call) => {
        progress?.endPending();
        stream.write(`${'  '.repeat(1)}dry run: ${step.name} would run ${call.type}.${call.action}${call.connector ? ` with connector ${call.connector}` : ''} with params:\n${JSON.stringify(call.params, null, 2).replace(/^/gm, '    ')}\n`);
      };
    }
    try {
      const record = await rf.run(yaml, { event, inputs, signal: controller.signal, dryRun: flags.dryRun, observer, file });
      progress?.endPending();
      out.result(record, () => summaryLine(record, Boolean(out.stdout.isTTY)) + (flags.dryRun ? ' (dry run: nothing was sent or stored)' : ''));
      return record.status === 'completed' ? 0 : 1;
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    }
  }, { readOnly: flags.dryRun });
}

function bind(progress: RunProgress | undefined): ExecutionObserver {
  if (!progress) return {};
  return {
    stepStarted: (s, d) => progress.stepStarted(s, d),
    stepRetrying: (s, d, ms) => progress.stepRetrying(s, d, ms),
    stepFinished: (s, d) => progress.stepFinished(s, d),
    console: (s, m) => progress.console(s, m),
  };
}

function parseInputs(pairs: string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new RelayflowError('BAD_ARGUMENT', `--input ${pair}: expected KEY=VALUE`);
    inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return inputs;
}
