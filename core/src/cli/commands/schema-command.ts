import { Command } from 'commander';
import { StepKindRegistry } from '../../contracts/step-kind';
import { workflowJsonSchema } from '../../workflow/schema/workflow-schema';
import { withRelayflow, type CommandRunner } from '../cli-context';

/** `relayflow schema`: the JSON Schema of workflow YAML, with every registered action's `with`. */
export function schemaCommand(run: CommandRunner): Command {
  return new Command('schema')
    .description('print the JSON Schema of workflow YAML (with every registered step type\'s with), for editors: save it and add "# yaml-language-server: $schema=./workflow.schema.json" to a workflow')
    .action(run((g) => withRelayflow(g, async (rf, out) => {
      out.stdout.write(`${JSON.stringify(workflowJsonSchema(rf.container.get<StepKindRegistry>(StepKindRegistry)), null, 2)}\n`);
    })));
}
