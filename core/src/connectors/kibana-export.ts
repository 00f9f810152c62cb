import { RelayflowError, type Problem } from '../errors/relayflow-error';
import { jsonSyntaxMessage } from '../validation/json-syntax';

/**
 * One `action` saved object of a Kibana export (`POST /api/saved_objects/_export` writes one
 * saved object per line, then a summary line). Fields are as found; the importer checks them.
 */
export interface KibanaConnectorObject {
  /** 1-based line in the file. */
  line: number;
  id: unknown;
  name: unknown;
  /** Kibana's connector type id, e.g. `.slack`. */
  actionTypeId: unknown;
  config: unknown;
  /** Absent in real exports (Kibana never exports secrets); read when a hand-made file has them. */
  secrets: unknown;
  /** Kibana's flag: the type needs secrets the export does not carry. */
  isMissingSecrets: boolean;
}

/** A saved object of another type (a dashboard, a rule, ...): reported, never imported. */
export interface OtherSavedObject {
  line: number;
  type: string;
  id: string;
}

/** A parsed export. */
export interface KibanaExport {
  connectors: KibanaConnectorObject[];
  others: OtherSavedObject[];
  /** The trailing summary line's `exportedCount`, when the file has one. */
  exportedCount?: number;
}

/**
 * Parses a Kibana saved-objects export (NDJSON). Blank lines are skipped; the summary line
 * (`{"exportedCount": N, "missingRefCount": ..., ...}`) is recognised.
 *
 * @param text - the file's content
 * @param file - its name, for problem locations
 * @throws RelayflowError `BAD_ARGUMENT` with a located problem for each line that is not a JSON
 *   object with a string `type` and `id` (then nothing should be imported: it is not an export)
 */
export function parseKibanaExport(text: string, file: string): KibanaExport {
  const result: KibanaExport = { connectors: [], others: [] };
  const problems: Problem[] = [];
  const at = (line: number, message: string, col = 1): void => {
    problems.push({ message, location: { file, line, col } });
  };
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      at(line, `not a JSON object (${jsonSyntaxMessage(raw).replace(/ at line 1, column/, ' at column')}); a Kibana export has one saved object per line`);
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      at(line, 'not a JSON object; a Kibana export has one saved object per line');
      return;
    }
    const object = value as Record<string, unknown>;
    if (typeof object.exportedCount === 'number' && object.type === undefined) {
      result.exportedCount = object.exportedCount;
      return;
    }
    if (typeof object.type !== 'string' || typeof object.id !== 'string') {
      at(line, 'a saved object needs a string "type" and "id" (is this a Kibana saved-objects export?)');
      return;
    }
    if (object.type !== 'action') {
      result.others.push({ line, type: object.type, id: object.id });
      return;
    }
    const attributes = object.attributes && typeof object.attributes === 'object' && !Array.isArray(object.attributes) ? object.attributes as Record<string, unknown> : {};
    result.connectors.push({
      line, id: object.id, name: attributes.name, actionTypeId: attributes.actionTypeId,
      config: attributes.config, secrets: attributes.secrets, isMissingSecrets: attributes.isMissingSecrets === true,
    });
  });
  if (problems.length) {
    throw new RelayflowError('BAD_ARGUMENT', `${file} is not a Kibana saved-objects export (${problems.length} bad line${problems.length === 1 ? '' : 's'}); nothing was imported`, { problems });
  }
  if (result.connectors.length === 0) {
    const others = result.others.length ? ` (it holds ${result.others.length} other saved object${result.others.length === 1 ? '' : 's'}: ${[...new Set(result.others.map((o) => o.type))].join(', ')})` : '';
    throw new RelayflowError('BAD_ARGUMENT', `${file} holds no connectors ("type": "action" saved objects)${others}; export them in Kibana from Stack Management > Saved objects, type "connector"`);
  }
  return result;
}
