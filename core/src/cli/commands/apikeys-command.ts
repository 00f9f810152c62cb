import { Command } from 'commander';
import type { ApiScope } from '../../contracts/api-keys';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { table } from '../output';

/** `relayflow apikeys create --name N --scopes read,run | list | revoke N`: keys for the REST API. */
export function apikeysCommand(run: CommandRunner): Command {
  const cmd = new Command('apikeys').description('API keys for the REST API (relayflow serve): stored hashed, shown once');

  cmd.command('create').description('make a key and print it (on stdout, this once; only its hash is stored)')
    .requiredOption('--name <name>', 'unique name: 1-100 letters, digits, _, . or -')
    .requiredOption('--scopes <scopes>', 'comma-separated: read (GET routes), run (run workflows, webhooks, cancel), admin (changes)')
    .action(run((g, opts: { name: string; scopes: string }) => withRelayflow(g, async (rf, out) => {
      const scopes = opts.scopes.split(',').map((s) => s.trim()).filter(Boolean) as ApiScope[];
      const created = await rf.apiKeys.create({ name: opts.name, scopes });
      if (!out.json) out.note(`created API key ${created.name} (${created.scopes.join(', ')}); this is the only time it is shown: store it now`);
      out.result({ name: created.name, key: created.key, scopes: created.scopes }, () => created.key);
    })));

  cmd.command('list').description('API keys from relayflow.yaml and the store (never a key)')
    .action(run((g) => withRelayflow(g, async (rf, out) => {
      const list = await rf.apiKeys.list();
      out.result(list, () => (list.length
        ? table(['NAME', 'SCOPES', 'SOURCE', 'CREATED'], list.map((k) => [k.name, k.scopes.join(','), k.source === 'config' ? 'relayflow.yaml' : 'store', k.createdAt ?? '']))
        : 'no API keys yet; make one with: relayflow apikeys create --name NAME --scopes read,run'));
    }, { readOnly: true })));

  cmd.command('revoke').argument('<name>').description('revoke a stored key: refused from then on, also by a server already running')
    .action(run((g, name: string) => withRelayflow(g, async (rf, out) => {
      await rf.apiKeys.revoke(name);
      out.result({ revoked: name }, () => `revoked API key ${name}`);
    })));

  return cmd;
}
