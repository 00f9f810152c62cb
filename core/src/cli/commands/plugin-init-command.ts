import { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RelayflowError } from '../../errors/relayflow-error';
import { SDK_VERSION } from '../../contracts/sdk-version';
import { ioOf, type CommandRunner } from '../cli-context';
import { createOutput } from '../output';
import { pluginTemplate } from '../scaffold/plugin-template';

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** `relayflow plugin init NAME`: scaffolds a connector plugin package. */
export function pluginCommand(run: CommandRunner): Command {
  const cmd = new Command('plugin').description('write connector plugins');
  cmd.command('init').argument('<name>', 'npm package name, e.g. relayflow-plugin-acme or @acme/relayflow-plugin-tickets')
    .description('create a plugin package: manifest, one connector type with one action, a passing test, README')
    .option('--dir <dir>', 'where to create it (default: ./<name without scope>)')
    .option('--type <id>', 'connector type id (default: derived from the name)')
    .action(run(async (g, name: string, opts: { dir?: string; type?: string }) => {
      if (!PACKAGE_NAME.test(name)) throw new RelayflowError('BAD_ARGUMENT', `"${name}" is not a valid npm package name (lower-case, e.g. relayflow-plugin-acme)`);
      const typeId = opts.type ?? name.replace(/^@[^/]+\//, '').replace(/^relayflow-plugin-/, '').replace(/[^a-z0-9_-]/g, '-');
      if (!/^[a-z][a-z0-9_-]*$/.test(typeId)) throw new RelayflowError('BAD_ARGUMENT', `connector type id "${typeId}" must start with a letter and use a-z, 0-9, - or _; pass --type`);
      const dir = resolve(opts.dir ?? name.replace(/^@[^/]+\//, ''));
      if (existsSync(dir)) throw new RelayflowError('BAD_ARGUMENT', `${dir} already exists; choose another --dir`);
      const displayName = typeId.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
      const files = pluginTemplate({ packageName: name, typeId, displayName, sdkVersion: SDK_VERSION });
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const out = createOutput(Boolean(g.json), ioOf(g));
      out.result({ dir, package: name, connectorType: typeId, files: Object.keys(files) }, () => [
        `created ${name} in ${dir} (connector type "${typeId}")`,
        '', 'next:', `  cd ${dir}`,
        '  npm install      (before @relayflow/core and @relayflow/sdk are published: npm install --no-save RELAYFLOW-CORE.tgz RELAYFLOW-SDK.tgz)',
        '  npm test', '  npm run build',
      ].join('\n'));
      return 0;
    }));
  return cmd;
}
