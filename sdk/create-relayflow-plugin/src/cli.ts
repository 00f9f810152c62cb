import { parseArgs } from 'node:util';
import { scaffoldPlugin, ScaffoldError } from './scaffold';

const USAGE = `Usage: npm create relayflow-plugin NAME [-- --dir DIR] [--type ID] [--json]
       create-relayflow-plugin NAME [--dir DIR] [--type ID] [--json]

Writes a Relayflow connector plugin package: one connector type with one action, a passing
test, lint, build, test and watch (npm run dev) scripts, and a README.

  NAME          npm package name, e.g. relayflow-plugin-acme or @acme/relayflow-plugin-tickets
  --dir DIR     where to create it (default: ./NAME without its scope)
  --type ID     connector type id (default: from the name, relayflow-plugin-acme -> acme)
  --json        print what was written as JSON
  -h, --help    this text
`;

/** Where the CLI writes (the process's streams unless a caller gives its own). */
export interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * `create-relayflow-plugin NAME [--dir DIR] [--type ID] [--json]`.
 * @returns the exit code: 0 written, 2 bad input (printed as `error: ...`)
 */
export function main(args: string[], streams: Streams = process): number {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { dir: { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    streams.stderr.write(`error: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    streams.stdout.write(USAGE);
    return 0;
  }
  const [name, ...extra] = parsed.positionals;
  if (!name || extra.length) {
    streams.stderr.write(`error: ${name ? `one NAME, not ${parsed.positionals.length}` : 'the package NAME is missing'}\n${USAGE}`);
    return 2;
  }
  try {
    const made = scaffoldPlugin({ name, dir: parsed.values.dir, type: parsed.values.type });
    streams.stdout.write(parsed.values.json ? `${JSON.stringify(made, null, 2)}\n` : `${nextSteps(made.package, made.dir, made.connectorType)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ScaffoldError)) throw err;
    streams.stderr.write(`error: ${err.message}\n`);
    return 2;
  }
}

/** What to do once the package is written. */
export function nextSteps(name: string, dir: string, typeId: string): string {
  return [
    `created ${name} in ${dir} (connector type "${typeId}")`,
    '', 'next:', `  cd ${dir}`,
    '  npm install      (before @relayflow/core and @relayflow/sdk are published: npm install --no-save RELAYFLOW-CORE.tgz RELAYFLOW-SDK.tgz)',
    '  npm test         (npm run dev: rebuild and test again on every change)',
    '  npm run lint',
    '  npm run build',
  ].join('\n');
}
