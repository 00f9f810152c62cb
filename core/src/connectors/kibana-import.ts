import type { ConnectorService } from '../contracts/connector-service';
import type { ConnectorTypeRegistry } from '../contracts/connector-type-registry';
import { RelayflowError } from '../errors/relayflow-error';
import type { KibanaConnectorObject, KibanaExport } from './kibana-export';
import { setSecretsCommand } from './missing-secrets';

/** What happened to one connector of the export. */
export interface ImportedConnector {
  /** Its line in the file. */
  line: number;
  id: string;
  name: string;
  /** The type id as Kibana wrote it (`.slack`). */
  kibanaType: string;
  /** The Relayflow type it became (`slack`), when the type is known. */
  type?: string;
  /**
   * `created` (`would-create` with dry run); `exists`: a connector with this id, name and type is
   * already there (imported before); `skipped`: refused, see `reason` — nothing of it was stored.
   */
  status: 'created' | 'would-create' | 'exists' | 'skipped';
  /** Why it was skipped. */
  reason?: string;
  /** True when skipped because Relayflow has no such connector type. */
  unknownType?: boolean;
  /** Secret keys it still needs before it can run. */
  missingSecrets?: string[];
  /** The command that sets them. */
  setSecrets?: string;
  /** What its type said about the settings without refusing them. */
  warnings?: string[];
}

/** The outcome of an import. */
export interface ImportReport {
  dryRun: boolean;
  connectors: ImportedConnector[];
  /** Saved objects of other types in the file, not imported. */
  otherObjects: Array<{ line: number; type: string; id: string }>;
  /** The export's own count (from its summary line), when it has one. */
  exportedCount?: number;
}

/**
 * Imports the connectors of a Kibana export, each with its id, name, type (Kibana's type ids are
 * aliases) and config. A connector that needs secrets is created without them (exports carry
 * none) and listed with the command that sets them. Each connector is created whole or not at
 * all: an unknown type, an id or name already taken, or a config Relayflow refuses skips it with
 * the reason, and the others go on.
 *
 * @param options.dryRun - check everything, store nothing
 */
export async function importKibanaConnectors(
  exported: KibanaExport,
  services: { connectors: ConnectorService; types: ConnectorTypeRegistry },
  options: { dryRun?: boolean } = {},
): Promise<ImportReport> {
  const dryRun = options.dryRun === true;
  const report: ImportReport = { dryRun, connectors: [], otherObjects: exported.others, exportedCount: exported.exportedCount };
  const firstLine = new Map<string, number>();
  for (const object of exported.connectors) {
    report.connectors.push(await importOne(object, services, dryRun, firstLine));
  }
  return report;
}

async function importOne(
  object: KibanaConnectorObject,
  services: { connectors: ConnectorService; types: ConnectorTypeRegistry },
  dryRun: boolean,
  firstLine: Map<string, number>,
): Promise<ImportedConnector> {
  const kibanaType = typeof object.actionTypeId === 'string' ? object.actionTypeId : '';
  const entry: ImportedConnector = { line: object.line, id: String(object.id), name: typeof object.name === 'string' ? object.name : '', kibanaType, status: 'skipped' };
  const skip = (reason: string, extra: Partial<ImportedConnector> = {}): ImportedConnector => ({ ...entry, ...extra, status: 'skipped', reason });
  if (!kibanaType) return skip('attributes.actionTypeId is missing');
  if (!entry.name) return skip('attributes.name is missing');
  const registered = services.types.get(kibanaType);
  if (!registered) {
    // A loaded type named like Kibana's (`pagerduty` for `.pagerduty`) that does not declare the
    // alias was not written for Kibana's settings: say so rather than "no such type" beside it.
    const namesake = kibanaType.startsWith('.') ? services.types.get(kibanaType.slice(1))?.type.id : undefined;
    if (namesake) {
      return skip(`unknown connector type "${kibanaType}": the loaded "${namesake}" type does not read Kibana's ${kibanaType} connectors (it does not declare ${kibanaType} as an alias), `
        + `so their settings may not fit it; create the connector yourself with relayflow connectors create --type ${namesake}; not imported`, { unknownType: true });
    }
    const known = services.types.list().map((t) => t.type.id).join(', ') || 'none: no plugins are loaded';
    return skip(`unknown connector type "${kibanaType}": Relayflow has no such type (its types: ${known}); not imported`, { unknownType: true });
  }
  entry.type = registered.type.id;
  for (const key of [`id\u0000${entry.id}`, `name\u0000${entry.name}`, `id\u0000${entry.name}`, `name\u0000${entry.id}`]) {
    const earlier = firstLine.get(key);
    if (earlier !== undefined) return skip(`its ${key.startsWith('id') ? 'id' : 'name'} "${key.split('\u0000')[1]}" is already used by the connector on line ${earlier}; ids and names are unique, so only the first is imported`);
  }
  const existing = await services.connectors.find(entry.id);
  if (existing && existing.id === entry.id && existing.name === entry.name && existing.type === entry.type) {
    return { ...entry, status: 'exists', reason: 'already there (imported before)' };
  }
  const secrets = object.secrets && typeof object.secrets === 'object' && !Array.isArray(object.secrets) ? object.secrets as Record<string, unknown> : {};
  const config = object.config === undefined || object.config === null ? {} : object.config;
  if (typeof config !== 'object' || Array.isArray(config)) return skip('attributes.config must be an object');
  try {
    const created = await services.connectors.create(
      { id: entry.id, name: entry.name, type: kibanaType, config: config as Record<string, unknown>, secrets },
      { withoutSecrets: true, dryRun },
    );
    firstLine.set(`id\u0000${entry.id}`, entry.line);
    firstLine.set(`name\u0000${entry.name}`, entry.line);
    return {
      ...entry,
      status: dryRun ? 'would-create' : 'created',
      ...(created.missingSecrets ? { missingSecrets: created.missingSecrets, setSecrets: setSecretsCommand(created.name, created.missingSecrets) } : {}),
      ...(created.warnings ? { warnings: created.warnings } : {}),
    };
  } catch (err) {
    if (!RelayflowError.is(err) || !err.isUserError) throw err;
    return skip(err.message);
  }
}
