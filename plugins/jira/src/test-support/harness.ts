import type { ActionResult } from '@relayflow/sdk';
import { createTestRelayflow, recordingLogger, type LogLine, type TestRelayflow } from '@relayflow/sdk/testing';
import plugin from '../index';
import { startFakeJira, type FakeJira, type FakeJiraOptions } from './fake-jira';

export const CLOUD_SECRETS = { email: 'automation-bot@example.com', apiToken: 'ATATT3xFfGF0-cloud-token-9c1d' };
export const DC_SECRETS = { token: 'NjQ4MzA1-datacenter-pat-71be' };
export const CLOUD_AUTH = `Basic ${Buffer.from(`${CLOUD_SECRETS.email}:${CLOUD_SECRETS.apiToken}`).toString('base64')}`;
export const DC_AUTH = `Bearer ${DC_SECRETS.token}`;
/** Every form a credential could leak in. */
export const SECRET_STRINGS = [CLOUD_SECRETS.email, CLOUD_SECRETS.apiToken, DC_SECRETS.token, CLOUD_AUTH.slice(6)];

/** A fake Jira plus a Relayflow with one jira connector (`eng`) pointing at it. */
export interface JiraHarness {
  jira: FakeJira;
  rf: TestRelayflow;
  /** Every line core and the plugin logged (debug included). */
  logs: LogLine[];
  run(action: string | undefined, params: unknown): Promise<ActionResult>;
  stop(): Promise<void>;
}

export async function startHarness(flavor: 'cloud' | 'datacenter' = 'cloud', fake: Partial<FakeJiraOptions> = {}): Promise<JiraHarness> {
  const jira = await startFakeJira({ flavor, authorization: flavor === 'cloud' ? CLOUD_AUTH : DC_AUTH, ...fake });
  const recorded = recordingLogger();
  const rf = await createTestRelayflow({
    logger: recorded.logger,
    plugins: [plugin],
    connectors: [{ type: 'jira', name: 'eng', config: { apiUrl: `${jira.url}/`, projectKey: 'ENG' }, secrets: flavor === 'cloud' ? CLOUD_SECRETS : DC_SECRETS }],
  });
  return {
    jira,
    rf,
    logs: recorded.lines,
    run: (action, params) => rf.runAction({ type: 'jira', action, connector: 'eng', params }),
    async stop() {
      await rf.stop();
      await jira.close();
    },
  };
}

/** Fails when any credential appears anywhere in `value`. */
export function assertNoSecrets(value: unknown): void {
  const text = JSON.stringify(value, (_k, v) => (v instanceof Date ? v.toISOString() : v));
  for (const s of SECRET_STRINGS) if (text.includes(s)) throw new Error(`a credential leaked: ${text}`);
}
