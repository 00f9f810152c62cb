import { Command } from 'commander';
import { errorInfo } from '../../errors/error-info';
import { formatProblem } from '../../errors/format-problem';
import type { Problem } from '../../contracts/problem';
import type { StoredWorkflow } from '../../contracts/workflow-library';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { readWorkflowFile } from '../workflow-file';
import { workflowsTable } from '../workflow-format';

/** `relayflow workflows deploy FILE... | list | get ID | enable ID | disable ID | delete ID`: the stored workflows `serve` runs. */
export function workflowsCommand(run: CommandRunner): Command {
  const cmd = new Command('workflows').description('stored workflows, whose triggers `relayflow serve` runs (versions kept)');

  cmd.command('deploy').argument('<files...>', 'workflow YAML files')
    .description('store each workflow (id = its name): version 1 when new, else its next version (unless unchanged); nothing is stored unless every file is valid')
    .action(run((g, files: string[]) => withRelayflow(g, async (rf, out) => {
      const texts = files.map((file) => ({ file, yaml: readWorkflowFile(file) }));
      const problems: Problem[] = [];
      for (const { file, yaml } of texts) problems.push(...await rf.validate(yaml, file));
      if (problems.length) {
        for (const p of problems) out.stderr.write(`${p.location ? formatProblem(p) : `error: ${formatProblem(p)}`}\n`);
        out.stderr.write(`error: nothing deployed: ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix first\n`);
        return errorInfo('WORKFLOW_INVALID').exitCode;
      }
      const deployed: Array<StoredWorkflow & { created: boolean; changed: boolean }> = [];
      for (const { file, yaml } of texts) {
        const { workflow, created, changed } = await rf.workflows.deploy(yaml, file);
        deployed.push({ ...workflow, created, changed });
        if (!out.json) {
          const what = created ? 'created' : changed ? 'updated' : 'unchanged';
          const state = workflow.enabled ? '' : ` (disabled: enable it with relayflow workflows enable ${workflow.id})`;
          out.stdout.write(`${what} ${workflow.id} v${workflow.version} from ${file}${state}\n`);
        }
      }
      if (out.json) out.result(deployed, () => '');
    })));

  cmd.command('list').description('stored workflows: latest version, enabled, triggers')
    .action(run((g) => withRelayflow(g, async (rf, out) => {
      const list = await rf.workflows.list();
      out.result(list, () => (list.length ? workflowsTable(list) : 'no stored workflows yet; store one with: relayflow workflows deploy WORKFLOW.yaml'));
    }, { readOnly: true })));

  cmd.command('get').argument('<id>').description("a stored workflow's latest YAML (--json: the stored workflow with its yaml)")
    .action(run((g, id: string) => withRelayflow(g, async (rf, out) => {
      const workflow = await rf.workflows.get(id);
      out.result(workflow, () => (workflow.yaml ?? '').replace(/\n$/, ''));
    }, { readOnly: true })));

  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    cmd.command(name).argument('<id>').description(enabled
      ? 'turn a stored workflow on: its triggers fire and it can be run (wins over enabled: false in its YAML)'
      : 'turn a stored workflow off: its triggers stop and runs are refused (until enabled again, or a version says enabled: true)')
      .action(run((g, id: string) => withRelayflow(g, async (rf, out) => {
        const workflow = await rf.workflows.setEnabled(id, enabled);
        out.result(workflow, () => `${name}d workflow ${workflow.id} (v${workflow.version})`);
      })));
  }

  cmd.command('delete').argument('<id>').description('delete a stored workflow: its triggers stop (running executions go on)')
    .action(run((g, id: string) => withRelayflow(g, async (rf, out) => {
      await rf.workflows.delete(id);
      out.result({ deleted: id }, () => `deleted workflow ${id}`);
    })));

  return cmd;
}
