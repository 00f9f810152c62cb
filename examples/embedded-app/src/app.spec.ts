import { expect } from 'chai';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from './app';
import { JsonLogger } from './json-logger';

const WEBHOOK_PATH = '/services/T000/B000/embedded-app-secret';

describe('embedded app', () => {
  let slack: StandIn;
  let app: App;
  let dataDir: string;
  const lines: string[] = [];

  before(async () => {
    slack = await startStandIn({ [`POST ${WEBHOOK_PATH}`]: { status: 200, body: 'ok' } });
    dataDir = mkdtempSync(join(tmpdir(), 'relayflow-embedded-'));
    app = await startApp({
      workflowFile: join(__dirname, '..', 'workflows', 'on-alert.yaml'),
      dataDir,
      logger: new JsonLogger({ write: (line: string) => lines.push(line) }),
      config: {
        encryptionKey: 'embedded-app-test-key-0123456789abcdef',
        networking: { allowedHosts: ['127.0.0.1'] },
        connectors: [{ id: '5f7d3a1b-9c2e-4b8a-a6d4-0e1f2c3b4a59', name: 'alerts', type: 'slack', secrets: { webhookUrl: `${slack.url}${WEBHOOK_PATH}` } }],
      },
    });
  });

  after(async () => {
    await app.close();
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (event: unknown) => {
    const res = await fetch(`${app.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    return { status: res.status, body: await res.json() as { execution: string; status: string } };
  };

  it('runs the workflow once per event it receives', async () => {
    const high = await post({ name: 'Disk full', severity: 'high', source: 'db-1' });
    const low = await post({ name: 'Cert expires in 60 days', severity: 'low', source: 'web-1' });
    expect(high).to.deep.include({ status: 200 });
    expect(high.body.status).to.equal('completed');
    expect(low.body.status).to.equal('completed');
    expect(slack.requests.map((r) => r.json)).to.deep.equal([{ text: '[high] Disk full (db-1)' }]);

    const record = await (await fetch(`${app.url}/executions/${low.body.execution}`)).json() as { steps: Array<{ name: string; status: string; output: unknown }> };
    expect(record.steps.map((s) => [s.name, s.status])).to.deep.equal([['describe', 'completed'], ['notify', 'skipped']]);
    expect(record.steps[0].output).to.equal('low alert from web-1: Cert expires in 60 days');
  });

  it("logs through the host's own logger, never the webhook URL", async () => {
    const entries = lines.map((l) => JSON.parse(l) as { level: string; message: string; service: string });
    expect(entries.some((e) => e.message === 'event handled' && e.service === 'embedded-app')).to.equal(true);
    expect(lines.join('\n')).to.not.include('embedded-app-secret');
  });

  it('refuses an event that is not JSON', async () => {
    const res = await fetch(`${app.url}/events`, { method: 'POST', body: 'not json' });
    expect(res.status).to.equal(400);
  });
});
