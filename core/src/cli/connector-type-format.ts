import type { ConnectorTypeDetail } from '../runtime/relayflow';
import type { FieldInfo } from '../workflow/schema/field-info';
import { tableClass } from './output';

/** `relayflow connectors types TYPE` for people: the type, then its config, secrets and each action's params. */
export function describeType(t: ConnectorTypeDetail): string {
  const lines = [`${t.id} (${t.name}), from plugin ${t.plugin}${t.aliases ? `; also ${t.aliases.join(', ')}` : ''}`];
  if (t.description) lines.push(t.description);
  lines.push('', `config (connectors create --config):${fields(t.config)}`, '', `secrets (connectors create --secrets):${fields(t.secrets)}`);
  for (const a of t.actions) {
    const step = a.id === t.defaultAction ? `step type ${t.id} or ${t.id}.${a.id}` : `step type ${t.id}.${a.id}`;
    lines.push('', `action ${a.id} (${step}; connector ${a.connector})${a.description ? `: ${a.description}` : ''}`, `params (the step's with):${fields(a.params)}`);
  }
  return lines.join('\n');
}

function fields(list: FieldInfo[]): string {
  if (list.length === 0) return ' none';
  // Types and descriptions wrap (30 and 60 columns), so a field's row stays readable in an 80-120 column terminal.
  const Table = tableClass();
  const t = new Table({
    head: ['FIELD', 'TYPE', 'REQUIRED', 'DESCRIPTION'], colWidths: [null, 30, null, 60], wordWrap: true,
    style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  } as ConstructorParameters<typeof Table>[0]);
  for (const f of list) {
    const required = f.required ? 'yes' : f.default !== undefined ? `no (default ${JSON.stringify(f.default)})` : 'no';
    t.push([f.name, f.type, required, f.description ?? '']);
  }
  return `\n${t.toString()}`;
}
