import { Command } from 'commander';
import { RelayflowError } from '../../errors/relayflow-error';
import type { ExecutionStatus } from '../../contracts/execution-record';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { describeExecution, executionsTable } from '../execution-format';
import { integerOption } from '../integer-option';

const STATUSES: ExecutionStatus[] = ['running', 'completed', 'failed', 'cancelled', 'timed_out'];

/** `relayflow executions list|get ID`. */
export function executionsCommand(run: CommandRunner): Command {
  const cmd = new Command('executions').description('past executions, from the store');

  cmd.command('list').description('recent executions, newest first')
    .option('--limit <n>', 'how many (default 20)')
    .option('--workflow <name>', 'only this workflow')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .action(run((g, opts: { limit?: string; workflow?: string; status?: string }) => withRelayflow(g, async (rf, out) => {
      const limit = opts.limit === undefined ? undefined : integerOption('--limit', opts.limit, 1);
      if (opts.status !== undefined && !STATUSES.includes(opts.status as ExecutionStatus)) {
        throw new RelayflowError('BAD_ARGUMENT', `--status must be one of ${STATUSES.join(', ')} (got ${opts.status})`);
      }
      const list = await rf.executions.list({ limit, workflow: opts.workflow, status: opts.status as ExecutionStatus | undefined });
      out.result(list, () => (list.length ? executionsTable(list) : 'no executions yet; run one with: relayflow run WORKFLOW.yaml'));
    })));

  cmd.command('get').argument('<id>').description('one execution with every step result (--json: the record)')
    .action(run((g, id: string) => withRelayflow(g, async (rf, out) => {
      const record = await rf.executions.get(id);
      out.result(record, () => describeExecution(record, Boolean(process.stdout.isTTY)));
    })));

  return cmd;
}
