import { Command } from 'commander';
import { ConnectorTypeRegistry } from '../../tokens';
import { workflowJsonSchema } from '../../workflow/schema/workflow-schema';
import { withRelayflow, type GlobalOptions } from '../cli-context';

type Run = (action: (globals: GlobalOptions, ...args: any[]) => Promise<number>) => (...args: any[]) => Promise<void>;

/** `relayflow schema`: the JSON Schema of workflow YAML, with every registered action's `with`. */
export function schemaCommand(run: Run): Command {
  return new Command('schema')
    .description('print the JSON Schema of workflow YAML (with every registered step type\'s with), for editors: save it and add "# yaml-language-server: $schema=./workflow.schema.json" to a workflow')
    .action(run((g) => withRelayflow(g, async (rf) => {
      process.stdout.write(`${JSON.stringify(workflowJsonSchema(rf.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry)), null, 2)}\n`);
    })));
}
