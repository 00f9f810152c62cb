import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ConnectorService } from '../../contracts/connector-service';
import { ConnectorTypeRegistry } from '../../contracts/connector-type-registry';
import { RelayflowError } from '../../errors/relayflow-error';
import type { ImportedConnector, ImportReport } from '../../connectors/kibana-import';
import { withRelayflow, type CommandRunner } from '../cli-context';
import { table } from '../output';

/**
 * `relayflow connectors import FILE.ndjson [--dry-run]`: the connectors of a Kibana saved-objects
 * export. Exit 0 when every connector of a type Relayflow has was imported (or was already there);
 * 2 when one of them was refused, or the file is not an export. Unknown types and other saved
 * objects are reported and skipped without failing the import.
 */
export function connectorsImportCommand(run: CommandRunner): Command {
  return new Command('import')
    .argument('<file>', 'a Kibana saved-objects export (NDJSON), e.g. from Stack Management > Saved objects > Export')
    .description('import the connectors of a Kibana export (ids, names, types and config; Kibana exports carry no secrets)')
    .option('--dry-run', 'show what would be imported; store nothing')
    .action(run((g, file: string, opts: { dryRun?: boolean }) => {
      // Loaded by this command only (as kibana-import below): every other command starts without it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parseKibanaExport } = require('../../connectors/kibana-export') as typeof import('../../connectors/kibana-export');
      const exported = parseKibanaExport(readExport(file), file);
      return withRelayflow(g, async (rf, out) => {
        // Loaded with the runtime: it checks connector settings with class-validator.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { importKibanaConnectors } = require('../../connectors/kibana-import') as typeof import('../../connectors/kibana-import');
        const report = await importKibanaConnectors(exported, {
          connectors: rf.container.get<ConnectorService>(ConnectorService),
          types: rf.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry),
        }, { dryRun: opts.dryRun });
        out.result({ file, ...report }, () => describe(file, report));
        return report.connectors.some(refused) ? 2 : 0;
      }, { readOnly: opts.dryRun });
    }));
}

function readExport(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RelayflowError('BAD_ARGUMENT', `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
}

/** A connector of a type Relayflow has that was not imported: the user has something to fix. */
function refused(c: ImportedConnector): boolean {
  return c.status === 'skipped' && !c.unknownType;
}

function describe(file: string, report: ImportReport): string {
  const lines: string[] = [];
  const count = report.connectors.length;
  const exported = report.exportedCount === undefined ? '' : ` (the export says ${report.exportedCount} object${report.exportedCount === 1 ? '' : 's'})`;
  lines.push(`${report.dryRun ? 'Dry run: nothing is stored. ' : ''}${file}: ${count} connector${count === 1 ? '' : 's'}${exported}`);
  lines.push(table(['RESULT', 'NAME', 'ID', 'TYPE', 'NOTE'], report.connectors.map((c) => [
    c.status.replace('-', ' '), c.name || '(none)', c.id, c.type ? `${c.kibanaType} → ${c.type}` : c.kibanaType || '(none)', note(c),
  ])));
  for (const o of report.otherObjects) lines.push(`line ${o.line}: a "${o.type}" saved object (${o.id}), not a connector: skipped`);
  const made = report.connectors.filter((c) => c.status === 'created' || c.status === 'would-create').length;
  const skipped = report.connectors.filter((c) => c.status === 'skipped');
  const unknown = skipped.filter((c) => c.unknownType).length;
  lines.push(`${made} ${report.dryRun ? 'would be created' : 'created'}, ${report.connectors.length - made - skipped.length} already there, ${skipped.length} skipped${unknown ? ` (${unknown} of a type Relayflow does not have)` : ''}.`);
  const needing = report.connectors.filter((c) => c.setSecrets);
  if (needing.length) {
    lines.push('', `Kibana exports carry no secrets. ${report.dryRun ? 'Once imported, set' : 'Set'} these before the connectors can run (each refuses to run until then, naming what is missing):`);
    for (const c of needing) lines.push(`  ${c.setSecrets}`);
  }
  if (made) lines.push('', 'If a connector also used optional secrets in Kibana (secret headers, secret query parameters), set them the same way: relayflow connectors update NAME --secrets JSON');
  return lines.join('\n');
}

function note(c: ImportedConnector): string {
  if (c.status === 'skipped' || c.status === 'exists') return c.reason ?? '';
  const parts = [c.missingSecrets ? `needs secrets: ${c.missingSecrets.join(', ')}` : 'ready'];
  for (const w of c.warnings ?? []) parts.push(`warning: ${w}`);
  return parts.join('; ');
}
