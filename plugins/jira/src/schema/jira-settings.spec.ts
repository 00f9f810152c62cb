import { expect } from 'chai';
import { RelayflowError } from '@relayflow/sdk';
import { createTestRelayflow, type TestRelayflow } from '@relayflow/sdk/testing';
import plugin from '../index';
import { CLOUD_SECRETS, DC_SECRETS, SECRET_STRINGS } from '../test-support/harness';

describe('jira connector settings', () => {
  let rf: TestRelayflow;
  afterEach(async () => rf?.stop());

  async function create(config: Record<string, unknown>, secrets: Record<string, unknown>, allowedHosts = ['*']): Promise<RelayflowError | undefined> {
    rf = await createTestRelayflow({ plugins: [plugin], config: { networking: { allowedHosts } } });
    try {
      await rf.relayflow.connectors.create({ type: 'jira', name: 'j', config, secrets });
      return undefined;
    } catch (err) {
      expect(RelayflowError.is(err), String(err)).to.equal(true);
      return err as RelayflowError;
    }
  }

  const config = { apiUrl: 'https://acme.atlassian.net', projectKey: 'ENG' };

  it('accepts Cloud (email + apiToken) and Data Center (token) credentials', async () => {
    expect(await create(config, CLOUD_SECRETS)).to.equal(undefined);
    const connector = await rf.relayflow.connectors.get('j');
    expect(connector).to.not.have.property('secrets');
    await rf.stop();
    expect(await create({ apiUrl: 'https://jira.internal:8443/jira', projectKey: 'OPS' }, DC_SECRETS)).to.equal(undefined);
  });

  it('refuses both modes at once, and no credentials at all', async () => {
    const both = await create(config, { ...CLOUD_SECRETS, ...DC_SECRETS });
    expect(both?.code).to.equal('VALIDATION_FAILED');
    expect(both?.message).to.match(/secrets: both auth modes are given: give either email \+ apiToken \(Jira Cloud\) or token \(a Jira Data Center personal access token\), not both/);
    await rf.stop();
    const none = await create(config, {});
    expect(none?.message).to.match(/secrets: no credentials: give either email \+ apiToken/);
  });

  it('names the missing half of the Cloud pair', async () => {
    const noToken = await create(config, { email: CLOUD_SECRETS.email });
    expect(noToken?.problems.map((p) => p.path)).to.deep.equal(['secrets.apiToken']);
    await rf.stop();
    const noEmail = await create(config, { apiToken: CLOUD_SECRETS.apiToken });
    expect(noEmail?.problems.map((p) => p.path)).to.deep.equal(['secrets.email']);
  });

  it('requires apiUrl and projectKey, and rejects unknown keys', async () => {
    const err = await create({ apiUrl: 'https://acme.atlassian.net', project: 'ENG' }, CLOUD_SECRETS);
    expect(err?.problems.map((p) => p.path)).to.have.members(['config.project', 'config.projectKey']);
  });

  it('checks apiUrl against networking.allowedHosts', async () => {
    const err = await create({ apiUrl: 'https://evil.example.org', projectKey: 'ENG' }, CLOUD_SECRETS, ['*.atlassian.net']);
    expect(err?.message).to.match(/config\.apiUrl: host "evil\.example\.org" is not allowed by networking\.allowedHosts/);
    await rf.stop();
    expect(await create(config, CLOUD_SECRETS, ['*.atlassian.net'])).to.equal(undefined);
  });

  it('rejects an apiUrl that is not an http(s) base URL', async () => {
    expect((await create({ apiUrl: 'ftp://jira', projectKey: 'ENG' }, DC_SECRETS))?.message).to.match(/config\.apiUrl: URL protocol must be http or https/);
    await rf.stop();
    expect((await create({ apiUrl: 'https://jira/?a=1', projectKey: 'ENG' }, DC_SECRETS))?.message).to.match(/config\.apiUrl: must be the base URL/);
  });

  it('never puts a credential in a validation message', async () => {
    const err = await create({ apiUrl: 'nope', projectKey: '' }, { ...CLOUD_SECRETS, ...DC_SECRETS });
    expect(err).to.be.instanceOf(Error);
    const text = JSON.stringify({ message: err?.message, problems: err?.problems });
    for (const s of SECRET_STRINGS) expect(text).to.not.include(s);
  });
});
