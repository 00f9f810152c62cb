import { Command } from 'commander';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { table } from '../output';

/** `relayflow plugins list`: what was loaded, its version, its connector types and where it came from. */
export function pluginsCommand(run: CommandRunner): Command {
  const cmd = new Command('plugins').description('inspect the plugins Relayflow loads');
  cmd.command('list').description('loaded plugins: package, version, connector types, where they were loaded from')
    .action(run((g) => withRelayflow(g, async (rf, out) => {
      const plugins = rf.plugins().map((p) => ({
        id: p.id, package: p.packageName ?? null, version: p.version ?? null, connectorTypes: p.connectorTypes, source: p.source,
      }));
      out.result(plugins, () => plugins.length
        ? table(['PACKAGE', 'VERSION', 'PLUGIN ID', 'CONNECTOR TYPES', 'LOADED FROM'],
          plugins.map((p) => [p.package ?? '-', p.version ?? '-', p.id, p.connectorTypes.join(', '), p.source]))
        : 'no plugins loaded: install plugin packages (npm install @relayflow/plugin-slack) or list them under plugins: in relayflow.yaml');
    }, { diagnostic: true, readOnly: true })));
  return cmd;
}
