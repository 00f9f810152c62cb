import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRelayflow, recordingLogger, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import plugin from '../index';
import { jiraConfig } from '../testing/jira-like';

describe('cases-webhook connector validation', () => {
  let rf: TestRelayflow;
  let standIn: StandIn;
  before(async () => {
    standIn = await startStandIn(() => ({ status: 500 }));
    rf = await createTestRelayflow({ plugins: [plugin], config: { networking: { allowedHosts: ['127.0.0.1'] } } });
  });
  after(async () => {
    await rf.stop();
    await standIn.close();
  });

  /** Creates a connector and returns the problems it was refused with (path: message). */
  async function problemsOf(config: Record<string, unknown>, secrets: Record<string, unknown> = {}): Promise<string[]> {
    try {
      await rf.relayflow.connectors.create({ type: 'cases-webhook', name: `c-${Math.random()}`, config, secrets });
    } catch (err) {
      const problems = (err as { problems?: Array<{ path: string; message: string }> }).problems ?? [];
      expect((err as { code?: string }).code).to.equal('VALIDATION_FAILED');
      return problems.map((p) => p.message);
    }
    return [];
  }
  const base = (): Record<string, unknown> => jiraConfig(standIn.url);

  it('accepts the Jira-style config', async () => {
    expect(await problemsOf(base())).to.deep.equal([]);
  });

  it('reports every missing required field by name', async () => {
    const problems = await problemsOf({});
    for (const field of ['createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'getIncidentUrl', 'getIncidentResponseExternalTitleKey', 'viewIncidentUrl', 'updateIncidentUrl', 'updateIncidentJson']) {
      expect(problems.join('\n')).to.include(`"${field}"`);
    }
  });

  it('reports a method that is not allowed for its request', async () => {
    const problems = await problemsOf({ ...base(), createIncidentMethod: 'get', getIncidentMethod: 'delete', updateIncidentMethod: 'PATCH' });
    expect(problems).to.include('config.createIncidentMethod must be post, put or patch');
    expect(problems).to.include('config.getIncidentMethod must be get or post');
    expect(problems.join()).not.to.include('updateIncidentMethod');
  });

  it('reports a URL that does not parse or is not http(s)', async () => {
    const problems = await problemsOf({ ...base(), createIncidentUrl: 'not a url', getIncidentUrl: 'ftp://127.0.0.1/x/{{{external.system.id}}}' });
    expect(problems).to.include('config.createIncidentUrl: must be an absolute http or https URL');
    expect(problems).to.include('config.getIncidentUrl: must be an absolute http or https URL');
  });

  it('reports a host that allowedHosts does not allow', async () => {
    const port = new URL(standIn.url).port;
    const problems = await problemsOf({ ...base(), createCommentUrl: `http://localhost:${port}/rest/api/2/issue/{{{external.system.id}}}/comment` });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^config\.createCommentUrl: host "localhost:\d+" is not allowed by networking\.allowedHosts/);
    expect(standIn.requests).to.have.length(0);
  });

  it('refuses at start-up, before anything is sent, a preconfigured connector whose host is not allowed', async () => {
    const port = new URL(standIn.url).port;
    let failure: { code?: string; problems?: Array<{ path?: string; message: string }> } | undefined;
    try {
      const other = await createTestRelayflow({
        plugins: [plugin],
        config: {
          networking: { allowedHosts: [`127.0.0.1:${Number(port) + 1}`] },
          connectors: [{ id: '6f1c7a52-3f0e-4a57-9d7c-8a3d2b1e0c44', name: 'pre', type: 'cases-webhook', config: base(), secrets: {} }],
        },
      });
      await other.stop();
    } catch (err) {
      failure = err as typeof failure;
    }
    expect(failure?.code).to.equal('CONFIG_INVALID');
    const messages = (failure?.problems ?? []).map((p) => p.message).join('\n');
    for (const field of ['createIncidentUrl', 'getIncidentUrl', 'updateIncidentUrl', 'createCommentUrl', 'viewIncidentUrl']) {
      expect(messages).to.match(new RegExp(`config\\.${field}: host "127\\.0\\.0\\.1:${port}" is not allowed`));
    }
    expect(standIn.requests).to.have.length(0);
  });

  it('fails a push, sending nothing, when a stored connector\'s host is no longer allowed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cases-webhook-hosts-'));
    const port = new URL(standIn.url).port;
    const sent = standIn.requests.length;
    try {
      const permissive = await createTestRelayflow({
        plugins: [plugin], dataDir, config: { networking: { allowedHosts: ['*'] } },
        connectors: [{ type: 'cases-webhook', name: 'cases', config: base() }],
      });
      await permissive.stop();
      const strict = await createTestRelayflow({ plugins: [plugin], dataDir, config: { networking: { allowedHosts: ['cases.example.com'] } } });
      try {
        expect((await strict.relayflow.connectors.get('cases'))?.type).to.equal('cases-webhook');
        const record = await strict.runWorkflow(`
name: open-case
steps:
  - name: open_case
    type: cases-webhook
    connector-id: cases
    with:
      incident: { title: "Disk full" }
`);
        expect(record.status).to.equal('failed');
        const message = record.steps[0].error?.message ?? '';
        expect(record.steps[0].status).to.equal('failed');
        expect(record.steps[0].error?.retryable).to.equal(false);
        expect(message).to.include('stored connector "cases"');
        expect(message).to.match(new RegExp(`config\\.createIncidentUrl: host "127\\.0\\.0\\.1:${port}" is not allowed by networking\\.allowedHosts \\(cases\\.example\\.com\\)`));
      } finally {
        await strict.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(standIn.requests).to.have.length(sent);
  });

  it('refuses templates in the scheme or host, so case data cannot choose where requests go', async () => {
    const problems = await problemsOf({
      ...base(),
      getIncidentUrl: 'http://{{{external.system.id}}}/x',
      updateIncidentUrl: `${standIn.url}{{{external.system.id}}}`,
    });
    expect(problems.filter((p) => p.includes('may use variables only in the path, query or fragment'))).to.have.length(2);
  });

  it('reports a template that does not parse, with its field', async () => {
    const problems = await problemsOf({ ...base(), createIncidentJson: '{"summary": {{#case.title}}x}' });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^config\.createIncidentJson: is not a valid Mustache template: Unclosed section "case\.title"/);
  });

  it('reports an unknown variable with a suggestion (Kibana\'s docs write external.system.ID)', async () => {
    const problems = await problemsOf({ ...base(), updateIncidentUrl: `${standIn.url}/rest/api/2/issue/{{{external.system.ID}}}` });
    expect(problems[0]).to.equal('config.updateIncidentUrl: unknown variable "external.system.ID"; did you mean "external.system.id"? (available here: case.title, case.description, case.tags, case.id, case.severity, case.status, external.system.id)');
  });

  it('reports a variable that does not exist yet where it is used', async () => {
    const problems = await problemsOf({ ...base(), createIncidentJson: '{"id":{{{external.system.id}}}}' });
    expect(problems[0]).to.match(/^config\.createIncidentJson: unknown variable "external\.system\.id"/);
  });

  it('reports a body that cannot render to JSON, before anything is pushed', async () => {
    const problems = await problemsOf({ ...base(), createIncidentJson: '{"fields":{"summary":"{{{case.title}}}",}}' });
    expect(problems[0]).to.match(/^config\.createIncidentJson: does not render to valid JSON \(tried with sample values\)/);
  });

  it('reports a partial, and a response key path that does not parse', async () => {
    const problems = await problemsOf({ ...base(), createCommentJson: '{"body":{{> other}}}', createIncidentResponseKey: 'data..id' });
    expect(problems).to.include('config.createCommentJson: uses a partial ({{> other}}); partials are not supported');
    expect(problems.find((p) => p.startsWith('config.createIncidentResponseKey'))).to.include('"data..id" is not a valid key path');
  });

  it('requires the comment URL and body together, and a body for a POST get', async () => {
    const problems = await problemsOf({ ...base(), createCommentJson: null, getIncidentMethod: 'post' });
    expect(problems).to.include('config.createCommentJson: is required when comments are configured (set both createCommentUrl and createCommentJson, or neither)');
    expect(problems).to.include('config.getIncidentJson: is required when getIncidentMethod is post');
  });

  describe('auth', () => {
    it('defaults to basic auth, as Kibana does, and needs user and password', async () => {
      const config = { ...base() };
      delete config.hasAuth;
      expect(await problemsOf(config)).to.deep.equal([
        'secrets.user: is required for basic authentication (or set hasAuth: false)',
        'secrets.password: is required for basic authentication (or set hasAuth: false)',
      ]);
      expect(await problemsOf(config, { user: 'user', password: 'pass' })).to.deep.equal([]);
    });

    it('accepts Kibana\'s authType names', async () => {
      expect(await problemsOf({ ...base(), hasAuth: true, authType: 'webhook-authentication-basic' }, { user: 'user', password: 'pass' })).to.deep.equal([]);
      expect(await problemsOf({ ...base(), hasAuth: true, authType: 'webhook-authentication-ssl' }, {})).to.deep.equal([
        'secrets.crt: ssl authentication needs secrets.crt and secrets.key (PEM or base64), or secrets.pfx (base64)',
      ]);
    });

    it('refuses secrets the auth mode does not use, naming them but never their values', async () => {
      const problems = await problemsOf({ ...base(), hasAuth: true, authType: 'basic' }, { user: 'user', password: 'p-secret-value', clientSecret: 'cs-secret-value' });
      expect(problems).to.deep.equal(['secrets.clientSecret: is set but authType is basic; remove it or change authType']);
      expect(problems.join()).not.to.include('secret-value');
    });

    it('accepts leftover credentials with hasAuth: false (Kibana keeps them), ignoring them with a warning per field', async () => {
      const created = await rf.relayflow.connectors.create({
        type: 'cases-webhook', name: 'kibana-leftovers', config: { ...base(), hasAuth: false },
        secrets: { user: 'old-user', password: 'old-password-value', secretHeaders: { 'X-Api-Key': 'still-used' } },
      });
      expect(created.warnings).to.deep.equal([
        'secrets.user: is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)',
        'secrets.password: is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)',
      ]);
      expect(JSON.stringify(created)).to.not.include('old-password-value');
      // An update that keeps them says so again; one that removes them says nothing.
      expect((await rf.relayflow.connectors.update('kibana-leftovers', { name: 'kibana-leftovers-2' })).warnings).to.have.length(2);
      expect((await rf.relayflow.connectors.update('kibana-leftovers-2', { secrets: {} }))).to.not.have.property('warnings');
      // Still refused where authentication is on: the credential does not fit the mode.
      expect(await problemsOf({ ...base(), hasAuth: true, authType: 'none' }, { user: 'user' })).to.deep.equal([
        'secrets.user: is set but the connector does not authenticate (hasAuth is false or authType is none); remove it or change authType',
      ]);
    });

    it('logs the warning for a preconfigured connector with leftover credentials, and starts', async () => {
      const log = recordingLogger();
      const other = await createTestRelayflow({
        plugins: [plugin], logger: log.logger,
        config: {
          networking: { allowedHosts: ['127.0.0.1'] },
          connectors: [{ id: 'kibana-cases-1', name: 'pre-leftovers', type: '.cases-webhook', config: { ...base(), hasAuth: false }, secrets: { user: 'user', password: 'leftover-pw-value' } }],
        },
      });
      await other.stop();
      expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.message)).to.deep.equal([
        'preconfigured connector "pre-leftovers": secrets.user: is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)',
        'preconfigured connector "pre-leftovers": secrets.password: is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)',
      ]);
      expect(log.text()).to.not.include('leftover-pw-value');
    });

    it('checks ssl certificates and keys', async () => {
      const fakeKeyPem = ['BEGIN', 'END'].map((edge) => `-----${edge} PRIVATE KEY-----`).join('\nx\n');
      const problems = await problemsOf({ ...base(), hasAuth: true, authType: 'ssl' }, { crt: 'not a cert', key: Buffer.from(fakeKeyPem).toString('base64') });
      expect(problems).to.deep.equal(['secrets.crt: must be a PEM certificate, or its base64']);
      expect(await problemsOf({ ...base(), hasAuth: true, authType: 'ssl' }, { pfx: 'AAEC', crt: 'xxxx' })).to.deep.equal(['secrets.pfx: give either pfx or crt and key, not both']);
    });

    it('needs accessTokenUrl, clientId and clientSecret for OAuth2, and checks the token URL', async () => {
      const oauth = { ...base(), hasAuth: true, authType: 'oauth2-client-credentials' };
      expect(await problemsOf(oauth)).to.deep.equal([
        'config.accessTokenUrl: is required for OAuth2 client credentials',
        'config.clientId: is required for OAuth2 client credentials',
        'secrets.clientSecret: is required for OAuth2 client credentials',
      ]);
      const problems = await problemsOf({ ...oauth, accessTokenUrl: 'https://login.example.com/token', clientId: 'id', additionalFields: '{"audience":1}' }, { clientSecret: 's' });
      expect(problems[0]).to.match(/^config\.accessTokenUrl: host "login\.example\.com" is not allowed/);
      expect(problems[1]).to.equal('config.additionalFields: must be a JSON object of string values');
    });
  });
});
