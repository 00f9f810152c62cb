import { Command } from 'commander';
import { StepKindRegistry } from '../../contracts/step-kind';
import { withRelayflow, type CommandRunner } from '../cli-context';

/** `relayflow schema`: the JSON Schema of workflow YAML, with every registered action's `with`. */
export function schemaCommand(run: CommandRunner): Command {
  return new Command('schema')
    .description('print the JSON Schema of workflow YAML (with every registered step type\'s with), for editors: save it and add "# yaml-language-server: $schema=./workflow.schema.json" to a workflow')
    .action(run((g) => withRelayflow(g, async (rf, out) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { workflowJsonSchema } = require('../../workflow/schema/workflow-schema') as typeof import('../../workflow/schema/workflow-schema');
      out.stdout.write(`${JSON.stringify(workflowJsonSchema(rf.container.get<StepKindRegistry>(StepKindRegistry)), null, 2)}\n`);
    }, { readOnly: true })));
}
