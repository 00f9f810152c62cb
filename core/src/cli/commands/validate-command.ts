import { Command } from 'commander';
import { errorInfo } from '../../errors/error-info';
import { RelayflowError } from '../../errors/relayflow-error';
import { formatProblem } from '../../errors/format-problem';
import type { Problem } from '../../contracts/problem';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { readWorkflowFile } from '../workflow-file';

/** `relayflow validate WORKFLOW.yaml ...`: static checks only; `FILE: ok` or every problem. */
export function validateCommand(run: CommandRunner): Command {
  return new Command('validate')
    .description('check workflow files without running them; prints "FILE: ok" per file or every problem as FILE:LINE:COL: message')
    .argument('<files...>', 'workflow YAML files')
    .action(run((g, files: string[]) => withRelayflow(g, async (rf, out) => {
      const results: Array<{ file: string; ok: boolean; problems: Problem[] }> = [];
      for (const file of files) {
        let problems: Problem[];
        try {
          problems = await rf.validate(readWorkflowFile(file), file);
        } catch (err) {
          if (!RelayflowError.is(err)) throw err;
          problems = [{ message: err.message }];
        }
        results.push({ file, ok: problems.length === 0, problems });
        if (!out.json) {
          if (problems.length === 0) out.stdout.write(`${file}: ok\n`);
          for (const p of problems) out.stderr.write(`${p.location ? formatProblem(p) : `error: ${p.message}`}\n`);
        }
      }
      if (out.json) out.result(results, () => '');
      return results.every((r) => r.ok) ? 0 : errorInfo('WORKFLOW_INVALID').exitCode;
    }, { diagnostic: true, readOnly: true })));
}
