import { Command } from 'commander';
import type { ActionResult } from '../../contracts/action-result';
import { actionResultShape, kibanaStyleAction } from '../../runtime/action-request';
import type { Connector } from '../../contracts/connector';
import type { ConnectorLimits } from '../../contracts/connector-limiter';
import { describeLimits } from '../../connectors/describe-limits';
import { RelayflowError } from '../../errors/relayflow-error';
import { describeType } from '../connector-type-format';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { connectorsImportCommand } from './connectors-import-command';
import { parseJsonArgument, parseJsonObject } from '../json-argument';
import { table } from '../output';

/** `relayflow connectors types|list|get|create|update|delete|test|import`. */
export function connectorsCommand(run: CommandRunner): Command {
  const cmd = new Command('connectors').description('manage connectors: named, configured access to external systems');

  cmd.command('types').argument('[type]', 'one type (id or alias): its config, secrets and each action\'s params, with types and descriptions')
    .description('the registered connector types and their actions; with TYPE, the fields of that type')
    .action(run((g, typeId: string | undefined) => withRelayflow(g, async (rf, out) => {
      if (typeId !== undefined) {
        const detail = rf.connectorType(typeId);
        out.result(detail, () => describeType(detail));
        return;
      }
      const types = rf.connectorTypes();
      out.result(types, () => types.length
        ? table(['TYPE', 'NAME', 'PLUGIN', 'ACTIONS (* = default)'], types.map((t) => [
          t.aliases ? `${t.id} (${t.aliases.join(', ')})` : t.id, t.name, t.plugin, t.actions.map((a) => (a.id === t.defaultAction ? `${a.id}*` : a.id)).join(', '),
        ]))
        : 'no connector types are registered: no plugins are installed');
    }, { diagnostic: true, readOnly: true })));

  cmd.command('list').description('stored and preconfigured connectors (never any secret)')
    .action(run((g) => withRelayflow(g, async (rf, out) => {
      const list = await rf.connectors.list();
      out.result(list, () => list.length
        ? table(['ID', 'NAME', 'TYPE', 'PRECONFIGURED', 'LIMITS'], list.map((c) => [c.id, c.name, c.type, c.isPreconfigured ? 'yes' : 'no', c.limits ? describeLimits(c.limits) : '-']))
        : 'no connectors yet; create one with: relayflow connectors create --type TYPE --name NAME');
    }, { readOnly: true })));

  cmd.command('get').argument('<id-or-name>').description('one connector (never its secrets)')
    .action(run((g, idOrName: string) => withRelayflow(g, async (rf, out) => {
      const c = await rf.connectors.get(idOrName);
      out.result(c, () => describe(c));
    }, { readOnly: true })));

  cmd.command('create').description('create a connector; prints it without secrets')
    .requiredOption('--type <type>', "connector type id or alias, e.g. Kibana's .slack (see: relayflow connectors types)")
    .requiredOption('--name <name>', 'unique name, used as connector-id in workflows')
    .option('--id <id>', 'id to use: 1-100 letters, digits, _ or - (a UUID is generated when absent)')
    .option('--config <json>', "the connector's config as JSON or @file.json (the config file goes before the command: relayflow --config relayflow.yaml connectors create ...)")
    .option('--secrets <json>', 'secrets as JSON or @file.json')
    .option('--limits <json>', LIMITS_HELP)
    .action(run((g, opts: { type: string; name: string; id?: string; config?: string; secrets?: string; limits?: string }) => withRelayflow(g, async (rf, out) => {
      const limits = opts.limits === undefined ? undefined : parseLimits(opts.limits);
      const c = await rf.connectors.create({
        type: opts.type, name: opts.name, id: opts.id,
        config: opts.config === undefined ? {} : parseJsonObject('--config', opts.config),
        secrets: opts.secrets === undefined ? {} : parseJsonObject('--secrets', opts.secrets),
        ...(limits ? { limits } : {}),
      });
      for (const warning of c.warnings ?? []) out.note(`warning: ${warning}`);
      out.result(c, () => `created connector ${c.name} (${c.id})\n${describe(c)}`);
    })));

  cmd.command('update').argument('<id-or-name>').description('update a connector; config and secrets are validated together')
    .option('--name <name>', 'new name')
    .option('--config <json>', 'new config (replaces the old one) as JSON or @file.json')
    .option('--secrets <json>', 'new secrets (replace the old ones) as JSON or @file.json')
    .option('--limits <json>', `new limits (replace the old ones; {} or null removes them): ${LIMITS_HELP}`)
    .action(run((g, idOrName: string, opts: { name?: string; config?: string; secrets?: string; limits?: string }) => withRelayflow(g, async (rf, out) => {
      const c = await rf.connectors.update(idOrName, {
        name: opts.name,
        config: opts.config === undefined ? undefined : parseJsonObject('--config', opts.config),
        secrets: opts.secrets === undefined ? undefined : parseJsonObject('--secrets', opts.secrets),
        ...(opts.limits === undefined ? {} : { limits: parseLimits(opts.limits) }),
      });
      for (const warning of c.warnings ?? []) out.note(`warning: ${warning}`);
      out.result(c, () => `updated connector ${c.name} (${c.id})\n${describe(c)}`);
    })));

  cmd.command('delete').argument('<id-or-name>').description('delete a connector (preconfigured ones cannot be deleted)')
    .action(run((g, idOrName: string) => withRelayflow(g, async (rf, out) => {
      const c = await rf.connectors.get(idOrName);
      await rf.connectors.delete(idOrName);
      out.result({ deleted: c.id, name: c.name }, () => `deleted connector ${c.name} (${c.id})`);
    })));

  cmd.command('test').argument('<id-or-name>').description("run one action of a connector (default action unless --action) and print the result; without --params, the type's own test")
    .option('--action <action>', 'action to run')
    .option('--params <json>', 'params as JSON or @file.json; Kibana-style {"subAction", "subActionParams"} is accepted')
    .action(run((g, idOrName: string, opts: { action?: string; params?: string }) => withRelayflow(g, async (rf, out) => {
      const connector = await rf.connectors.get(idOrName);
      // Ctrl-C aborts the request in flight; the result then says so.
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      let result: ActionResult;
      try {
        if (opts.params === undefined && opts.action === undefined) {
          result = await rf.testConnector(connector.id, abort.signal);
        } else {
          const { action, params } = kibanaStyleAction(opts.action, opts.params === undefined ? {} : parseJsonArgument('--params', opts.params), { action: '--action', params: '--params' });
          result = await rf.executeAction({ type: connector.type, action, connector: connector.id, params, signal: abort.signal });
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      const shown = actionResultShape(result);
      out.result(shown, () => JSON.stringify(shown, null, 2));
      return result.status === 'ok' ? 0 : 1;
    })));

  cmd.addCommand(connectorsImportCommand(run));

  return cmd;
}

const LIMITS_HELP = 'limits as JSON or @file.json: {"concurrency": N, "rate": "10/s"} (at most N actions in flight; rate N/s, N/min, N/h or N/10s)';

/**
 * A `--limits` argument: a JSON object, or null (no limits). Its keys are checked with the connector.
 * @throws RelayflowError `BAD_ARGUMENT` when it is not JSON, or not an object or null
 */
function parseLimits(text: string): ConnectorLimits | null {
  const value = parseJsonArgument('--limits', text);
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new RelayflowError('BAD_ARGUMENT', `--limits must be a JSON object such as {"concurrency": 2, "rate": "10/s"}, or {} to have none (got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)})`);
  }
  return value as ConnectorLimits | null;
}

function describe(c: Connector): string {
  const lines = [
    `id:            ${c.id}`,
    `name:          ${c.name}`,
    `type:          ${c.type}`,
    `preconfigured: ${c.isPreconfigured ? 'yes' : 'no'}`,
    `config:        ${JSON.stringify(c.config)}`,
    `limits:        ${describeLimits(c.limits)}`,
  ];
  if (c.updatedAt) lines.push(`updated:       ${c.updatedAt}`);
  if (c.missingSecrets) lines.push(`secrets:       not set yet (needs ${c.missingSecrets.join(', ')}); it cannot run until they are`);
  return lines.join('\n');
}
