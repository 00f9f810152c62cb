import type { JSX } from 'preact';
import type { JsonSchema } from './types';
import { Field } from './ui';

/** One field of a form made from a JSON Schema object. */
export interface FormField {
  key: string;
  kind: 'text' | 'number' | 'boolean' | 'select' | 'json';
  required: boolean;
  options?: string[];
  description?: string;
  defaultValue?: unknown;
}

/** The fields of an object schema (`$ref`s resolved in `definitions`); nested objects and lists are JSON fields. */
export function formFields(schema: JsonSchema, definitions: Record<string, JsonSchema>): FormField[] {
  const resolve = (s: JsonSchema | undefined): JsonSchema => {
    let r = s ?? {};
    for (let i = 0; r.$ref && i < 10; i++) r = definitions[String(r.$ref).replace('#/definitions/', '')] ?? {};
    if (r.allOf?.length === 1 && Object.keys(r).length <= 2) r = { ...resolve(r.allOf[0]), ...(r.description ? { description: r.description } : {}) };
    return r;
  };
  const root = resolve(schema);
  const required = new Set<string>((root.required as string[] | undefined) ?? []);
  return Object.entries((root.properties ?? {}) as Record<string, JsonSchema>).map(([key, raw]) => {
    const p = resolve(raw);
    const kind: FormField['kind'] = p.enum ? 'select' : p.type === 'boolean' ? 'boolean' : p.type === 'integer' || p.type === 'number' ? 'number' : p.type === 'string' ? 'text' : 'json';
    return { key, kind, required: required.has(key), options: p.enum?.map(String), description: p.description, defaultValue: p.default };
  });
}

/** Form values (as typed) → the JSON object to send; empty optional fields are left out. @throws Error naming a field that is not valid JSON */
export function formValue(fields: FormField[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === '') continue;
    if (f.kind === 'number') out[f.key] = Number(v);
    else if (f.kind === 'boolean') out[f.key] = v === 'true';
    else if (f.kind === 'json') {
      try { out[f.key] = JSON.parse(v); } catch { throw new Error(`${f.key} must be JSON`); }
    } else out[f.key] = v;
  }
  return out;
}

/** Values of an object as form text (config shown back; never secrets, which the API never returns). */
export function formText(fields: FormField[], value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = value[f.key];
    if (v === undefined || v === null) continue;
    out[f.key] = f.kind === 'json' ? JSON.stringify(v, null, 2) : String(v);
  }
  return out;
}

/** The inputs of a schema form; `secret` fields are password inputs the browser does not fill or keep. */
export function SchemaFields({ fields, values, onInput, prefix, secret, disabled }: {
  fields: FormField[]; values: Record<string, string>; onInput: (key: string, value: string) => void; prefix: string; secret?: boolean; disabled?: boolean;
}): JSX.Element {
  if (!fields.length) return <p class="muted">None.</p>;
  return (
    <>
      {fields.map((f) => {
        const name = `${prefix}.${f.key}`;
        const label = `${f.key}${f.required ? ' *' : ''}`;
        const hint = f.description ?? (f.defaultValue !== undefined ? `default ${JSON.stringify(f.defaultValue)}` : undefined);
        const value = values[f.key] ?? '';
        const set = (e: { currentTarget: { value: string } }): void => onInput(f.key, e.currentTarget.value);
        if (f.kind === 'select') {
          return <Field label={label} hint={hint}><select name={name} value={value} disabled={disabled} onChange={set}><option value="">—</option>{f.options?.map((o) => <option value={o}>{o}</option>)}</select></Field>;
        }
        if (f.kind === 'boolean') {
          return <Field label={label} hint={hint}><select name={name} value={value} disabled={disabled} onChange={set}><option value="">—</option><option value="true">true</option><option value="false">false</option></select></Field>;
        }
        if (f.kind === 'json') {
          return <Field label={label} hint={hint ?? 'JSON'}><textarea name={name} rows={3} spellcheck={false} value={value} disabled={disabled} onInput={set} /></Field>;
        }
        return (
          <Field label={label} hint={hint}>
            <input name={name} type={(secret ? 'password' : f.kind === 'number' ? 'number' : 'text') as 'text'} autocomplete={secret ? 'new-password' : 'off'}
              spellcheck={false} value={value} disabled={disabled} onInput={set} />
          </Field>
        );
      })}
    </>
  );
}
