import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRelayflow, type TestRelayflow } from '@relayflow/sdk/testing';
import { formatProblem } from '@relayflow/core';

/** The connectors the seed examples name, as a user would configure them. */
const SEED_CONNECTORS = [
  { type: 'slack', name: 'security-alerts-channel', id: 'd6b62e80-ff9b-11ee-8678-0f2b2c0c3c68', secrets: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/X' } },
  { type: 'jira', name: 'engineering-project', config: { apiUrl: 'https://example.atlassian.net', projectKey: 'ENG' }, secrets: { email: 'a@example.com', apiToken: 'token-123' } },
  { type: 'http', name: 'security-response-api', config: { url: 'https://response.example.com' } },
];
const PLUGINS = ['@relayflow/plugin-slack', '@relayflow/plugin-jira', '@relayflow/plugin-http'];

const SEEDS = join(__dirname, 'fixtures', 'workflows', 'seeds');

describe('seed workflow examples (with the real plugins)', () => {
  let rf: TestRelayflow;
  before(async () => {
    rf = await createTestRelayflow({ plugins: PLUGINS, connectors: SEED_CONNECTORS });
  });
  after(() => rf.stop());

  const files = readdirSync(SEEDS).filter((f) => f.endsWith('.yaml')).sort();

  it('has every example of the seed documents', () => {
    expect(files).to.have.length(8);
  });

  for (const file of files) {
    it(`validates ${file} unchanged (name: added, its connectors configured)`, async () => {
      const problems = await rf.relayflow.validate(readFileSync(join(SEEDS, file), 'utf8'), file);
      expect(problems.map(formatProblem)).to.deep.equal([]);
    });
  }

  it('renders the seed params as the examples intend (dry run)', async () => {
    const record = await rf.runWorkflow(readFileSync(join(SEEDS, '001-trigger-response-action.yaml'), 'utf8'), { event: { agent: { id: 'agent-7' } }, dryRun: true });
    expect(record.status).to.equal('completed');
    expect(record.steps[0].output).to.deep.equal({
      dryRun: true,
      params: {
        path: '/v1/response-actions/isolate', method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: { endpoint_id: 'agent-7', reason: "Triggered by workflow 'trigger-response-action'" },
      },
    });
  });
});
