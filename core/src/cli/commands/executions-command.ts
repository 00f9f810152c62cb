import { Command } from 'commander';
import { RelayflowError } from '../../errors/relayflow-error';
import type { ExecutionStatus } from '../../contracts/execution-record';
import type { ExecutionRecord } from '../../contracts/execution-record';
import type { Relayflow } from '../../runtime/relayflow';
import { parseDuration } from '../../validation/units';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { describeExecution, executionsTable, summaryLine } from '../execution-format';
import { integerOption } from '../integer-option';

const STATUSES: ExecutionStatus[] = ['running', 'completed', 'failed', 'cancelled', 'timed_out'];

/** How often `executions cancel` looks whether the execution has ended. */
const CANCEL_POLL_MS = 100;

/** `relayflow executions list|get ID|cancel ID|resume ID|--all`. */
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
    }, { readOnly: true })));

  cmd.command('get').argument('<id>', 'an execution id, or last for the newest').description('one execution with every step result (--json: the record)')
    .action(run((g, id: string) => withRelayflow(g, async (rf, out) => {
      const record = await rf.executions.get(id === 'last' ? await lastExecutionId(rf) : id);
      out.result(record, () => describeExecution(record, Boolean(out.stdout.isTTY)));
    }, { readOnly: true })));

  cmd.command('cancel').argument('<id>')
    .description('cancel a running execution, here or in the process running it (relayflow serve): its running step is aborted and it ends cancelled')
    .option('--timeout <duration>', 'how long to wait for it to end', '10s')
    .action(run((g, id: string, opts: { timeout: string }) => withRelayflow(g, async (rf, out) => {
      const timeoutMs = parseDuration(opts.timeout);
      if (timeoutMs === undefined) throw new RelayflowError('BAD_ARGUMENT', `--timeout must be a duration such as 10s or 1m (got ${opts.timeout})`);
      await rf.executions.cancel(id);
      const record = await ended(() => rf.executions.get(id), timeoutMs);
      if (record.status === 'running') {
        out.stderr.write(`error: asked to cancel execution ${id}, but it has not ended within ${opts.timeout}: the process running it may have stopped (such an execution stays running until it is resumed)\n`);
        return 1;
      }
      if (record.status !== 'cancelled') {
        throw new RelayflowError('BAD_ARGUMENT', `execution ${id} ended ${record.status} before it could be cancelled`);
      }
      out.result(record, () => `cancelled execution ${id} of ${record.workflow.name}`);
      return 0;
    })));

  cmd.command('resume').argument('[id]', 'the execution to resume')
    .description('resume an execution a crash interrupted: completed steps are not run again, the step in flight runs again with the same idempotency key')
    .option('--all', 'resume every interrupted execution, oldest first')
    .action(run((g, id: string | undefined, opts: { all?: boolean }) => withRelayflow(g, async (rf, out) => {
      if ((id === undefined) === !opts.all) throw new RelayflowError('BAD_ARGUMENT', 'name one execution to resume (relayflow executions resume ID) or pass --all, not both');
      const ids = id === undefined ? await rf.executions.resumable() : [id];
      const records: ExecutionRecord[] = [];
      for (const each of ids) records.push(await rf.executions.resume(each));
      const tty = Boolean(process.stdout.isTTY);
      out.result(id === undefined ? records : records[0], () => (records.length
        ? records.map((r) => `resumed ${summaryLine(r, tty)}`).join('\n')
        : 'no interrupted executions to resume'));
      return records.every((r) => r.status === 'completed') ? 0 : 1;
    })));

  return cmd;
}

/** The id of the newest execution (`executions get last`). */
async function lastExecutionId(rf: Relayflow): Promise<string> {
  const [newest] = await rf.executions.list({ limit: 1 });
  if (!newest) throw new RelayflowError('EXECUTION_NOT_FOUND', 'no executions yet, so there is no last one; run one with: relayflow run WORKFLOW.yaml');
  return newest.id;
}

/** The record once it is no longer running, or as it is when `timeoutMs` has passed. */
async function ended(get: () => Promise<ExecutionRecord>, timeoutMs: number): Promise<ExecutionRecord> {
  const until = Date.now() + timeoutMs;
  let record = await get();
  while (record.status === 'running' && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, CANCEL_POLL_MS));
    record = await get();
  }
  return record;
}
