import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, seg } from '../api';
import { time } from '../format';
import { go, href, rename } from '../router';
import { formFields, formText, formValue, SchemaFields, type FormField } from '../schema-form';
import { can, type Session } from '../session';
import type { ActionResult, Connector, ConnectorTypeSchemas } from '../types';
import { Badge, Button, ErrorNotice, Field, JsonView, Loading, Notice, Panel } from '../ui';

/**
 * One connector (or a new one of a type): a form made from the type's config and secrets
 * schemas, limits, save and delete (admin), and a test with params. Secrets are write-only: an
 * existing connector shows them as "set"; replacing them sends all of them anew (the API
 * replaces the secrets as a whole), and nothing typed is kept once saved.
 */
export function ConnectorPage({ session, id, type: newType }: { session: Session; id: string | undefined; type: string | undefined }): JSX.Element {
  const admin = can(session, 'admin');
  const [connector, setConnector] = useState<Connector | undefined>(undefined);
  const [type, setType] = useState<ConnectorTypeSchemas | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | undefined>(undefined);
  const [saved, setSaved] = useState<Connector | undefined>(undefined);
  const [name, setName] = useState('');
  const [newId, setNewId] = useState('');
  const [config, setConfig] = useState<Record<string, string>>({});
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [replaceSecrets, setReplaceSecrets] = useState(id === undefined);
  const [limits, setLimits] = useState({ concurrency: '', rate: '' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      const c = id ? await api<Connector>('GET', `/api/connectors/${seg(id)}`) : undefined;
      const t = await api<ConnectorTypeSchemas>('GET', `/api/connector_types/${seg(c?.type ?? newType ?? '')}`);
      setConnector(c);
      setType(t);
      if (c) {
        setName(c.name);
        setConfig(formText(formFields(t.config, t.definitions), c.config));
        setLimits(limitsText(c));
      }
    })().catch(setError);
  }, [id, newType]);

  if (!type) return error ? <Panel title="Connector"><ErrorNotice error={error} /></Panel> : <Loading />;
  const configFields: FormField[] = formFields(type.config, type.definitions);
  const secretFields: FormField[] = formFields(type.secrets, type.definitions);
  const readOnly = !admin || connector?.isPreconfigured === true;

  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const lim = { ...(limits.concurrency ? { concurrency: Number(limits.concurrency) } : {}), ...(limits.rate ? { rate: limits.rate } : {}) };
      const body: Record<string, unknown> = {
        name, config: formValue(configFields, config),
        ...(replaceSecrets ? { secrets: formValue(secretFields, secrets) } : {}),
        // Both fields emptied on an existing connector remove its limits.
        ...(Object.keys(lim).length ? { limits: lim } : connector ? { limits: null } : {}),
      };
      const result = connector
        ? await api<Connector>('PUT', `/api/connectors/${seg(connector.id)}`, body)
        : await api<Connector>('POST', '/api/connectors', { type: type.id, ...(newId ? { id: newId } : {}), ...body });
      // What was typed into the secret fields is dropped at once: the page never holds it longer.
      setSecrets({});
      setReplaceSecrets(false);
      setConnector(result);
      setLimits(limitsText(result));
      setSaved(result);
      if (!connector) rename(['connectors', result.id]);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (): Promise<void> => {
    if (!connector || !confirm(`Delete the connector "${connector.name}"?`)) return;
    try {
      await api('DELETE', `/api/connectors/${seg(connector.id)}`);
      go(['connectors']);
    } catch (err) {
      setError(err as ApiError);
    }
  };

  return (
    <>
      <Panel
        title={<><a href={href(['connectors'])}>Connectors</a> / {connector ? connector.name : `new ${type.name} connector`} <Badge tone="info">{type.id}</Badge></>}
        actions={admin && connector && !connector.isPreconfigured ? <Button kind="danger" onClick={() => void remove()}>Delete</Button> : null}
      >
        {type.description ? <p class="muted">{type.description}</p> : null}
        {connector?.isPreconfigured ? <Notice>Preconfigured in relayflow.yaml: change it there.</Notice> : null}
        {!admin ? <Notice>This key cannot change connectors.</Notice> : null}
        {connector ? <p class="muted">Id <span class="mono">{connector.id}</span>{connector.updatedAt ? ` · updated ${time(connector.updatedAt)}` : ''}</p> : null}
        <form class="form" onSubmit={(e) => void save(e)}>
          <Field label="Name *"><input name="name" value={name} disabled={readOnly} onInput={(e) => setName(e.currentTarget.value)} required /></Field>
          {!connector ? <Field label="Id" hint="1-100 letters, digits, _ or -; a UUID when empty"><input name="id" value={newId} onInput={(e) => setNewId(e.currentTarget.value)} /></Field> : null}
          <fieldset><legend>Config</legend>
            <SchemaFields fields={configFields} values={config} prefix="config" disabled={readOnly} onInput={(k, v) => setConfig({ ...config, [k]: v })} />
          </fieldset>
          <fieldset data-testid="secrets"><legend>Secrets <span class="muted">(write-only: never shown again)</span></legend>
            {secretFields.length === 0 ? <p class="muted">This type has no secrets.</p> : !replaceSecrets ? (
              <>
                <p data-testid="secrets-state">
                  {connector?.missingSecrets?.length ? <Badge tone="bad">incomplete</Badge> : <Badge tone="ok">set</Badge>} stored encrypted; the API never sends them back.
                </p>
                <ul class="secret-list">{secretFields.map((f) => <li><span class="mono">{f.key}</span> <SecretState field={f} missing={connector?.missingSecrets} /></li>)}</ul>
                {!readOnly ? <Button onClick={() => setReplaceSecrets(true)}>Replace secrets</Button> : null}
              </>
            ) : (
              <>
                {connector ? <p class="muted">The new secrets replace all the stored ones.</p> : null}
                <SchemaFields fields={secretFields} values={secrets} prefix="secrets" secret disabled={readOnly} onInput={(k, v) => setSecrets({ ...secrets, [k]: v })} />
                {connector ? <Button onClick={() => { setSecrets({}); setReplaceSecrets(false); }}>Keep the stored secrets</Button> : null}
              </>
            )}
          </fieldset>
          <fieldset data-testid="limits"><legend>Limits <span class="muted">(optional; counted over every process sharing the store)</span></legend>
            <Field label="concurrency" hint="actions in flight at most"><input name="limits.concurrency" type="number" min={1} value={limits.concurrency} disabled={readOnly} onInput={(e) => setLimits({ ...limits, concurrency: e.currentTarget.value })} /></Field>
            <Field label="rate" hint="e.g. 10/s"><input name="limits.rate" value={limits.rate} disabled={readOnly} onInput={(e) => setLimits({ ...limits, rate: e.currentTarget.value })} /></Field>
          </fieldset>
          {saved ? <Notice tone="ok">Saved {saved.name}.{saved.warnings?.length ? ` ${saved.warnings.join(' ')}` : ''}</Notice> : null}
          <ErrorNotice error={error} />
          {!readOnly ? <Button kind="primary" type="submit" disabled={busy}>{connector ? 'Save' : 'Create connector'}</Button> : null}
        </form>
      </Panel>
      {connector && admin ? <TestPanel connector={connector} type={type} /> : null}
    </>
  );
}

/** A connector's limits as the form's fields hold them (empty when it has none). */
function limitsText(c: Connector): { concurrency: string; rate: string } {
  return { concurrency: c.limits?.concurrency === undefined ? '' : String(c.limits.concurrency), rate: c.limits?.rate ?? '' };
}

/**
 * What the page can say about one stored secret without reading it (the API never returns one):
 * missing when the API listed it so, optional keys marked (set or empty, nobody can tell).
 */
function SecretState({ field, missing }: { field: FormField; missing?: string[] }): JSX.Element | null {
  if (missing?.includes(field.key)) return <Badge tone="bad">missing</Badge>;
  return field.required ? null : <span class="muted" title="set or empty: the API never says">(optional)</span>;
}

/** Runs one action of the connector with params (or the type's own test), and shows the result. */
function TestPanel({ connector, type }: { connector: Connector; type: ConnectorTypeSchemas }): JSX.Element {
  const [action, setAction] = useState(type.hasTest ? '' : type.defaultAction);
  const [params, setParams] = useState('{}');
  const [result, setResult] = useState<ActionResult | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const test = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const body = action ? { action, params: JSON.parse(params || '{}') as unknown } : {};
      setResult(await api<ActionResult>('POST', `/api/connectors/${seg(connector.id)}/_execute`, body));
    } catch (err) {
      setError(err instanceof SyntaxError ? new Error(`params must be JSON: ${err.message}`) : err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title="Test" actions={<Button kind="primary" disabled={busy} onClick={() => void test()}>Test</Button>}>
      <div class="form">
        <Field label="Action">
          <select name="testAction" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            {type.hasTest ? <option value="">the type's own test (no params)</option> : null}
            {type.actions.map((a) => <option value={a.id}>{a.id}{a.description ? ` — ${a.description}` : ''}</option>)}
          </select>
        </Field>
        {action ? <Field label="Params" hint="JSON"><textarea name="testParams" rows={5} spellcheck={false} value={params} onInput={(e) => setParams(e.currentTarget.value)} /></Field> : null}
      </div>
      <ErrorNotice error={error} />
      {result ? <div data-testid="test-result"><p>Result: <Badge tone={result.status === 'ok' ? 'ok' : 'bad'}>{result.status}</Badge></p><JsonView value={result} /></div> : null}
    </Panel>
  );
}
