import { createTestRelayflow, startStandIn, type RecordedRequest, type StandIn, type StandInReply, type TestRelayflow } from '@relayflow/sdk/testing';
import type { ActionResult, Logger } from '@relayflow/sdk';
import plugin from '../index';
import { jiraConfig, jiraLike, type StandInIssue } from './jira-like';

/** A Jira-like stand-in and a Relayflow with one `cases-webhook` connector (`cases`) pointing at it. */
export interface Harness {
  standIn: StandIn;
  rf: TestRelayflow;
  issues: Map<string, StandInIssue>;
  push(params: unknown): Promise<ActionResult>;
  run(action: string, params: unknown): Promise<ActionResult>;
  close(): Promise<void>;
}

/**
 * Starts the harness.
 * @param options.config - config overrides over {@link jiraConfig}, or a function of the stand-in URL
 * @param options.override - answers requests before the Jira-like routes
 */
export async function startHarness(options: {
  config?: Record<string, unknown> | ((base: string) => Record<string, unknown>);
  secrets?: Record<string, unknown>;
  override?: (req: RecordedRequest) => StandInReply | undefined;
  allowedHosts?: string[];
  logger?: Logger;
} = {}): Promise<Harness> {
  const jira = jiraLike(options.override);
  const standIn = await startStandIn(jira.handler);
  const overrides = typeof options.config === 'function' ? options.config(standIn.url) : options.config ?? {};
  let rf: TestRelayflow;
  try {
    rf = await createTestRelayflow({
      plugins: [plugin],
      logger: options.logger,
      config: { networking: { allowedHosts: options.allowedHosts ?? ['127.0.0.1'] } },
      connectors: [{ type: 'cases-webhook', name: 'cases', config: jiraConfig(standIn.url, overrides), secrets: options.secrets ?? {} }],
    });
  } catch (err) {
    await standIn.close();
    throw err;
  }
  return {
    standIn, rf, issues: jira.issues,
    push: (params) => rf.runAction({ type: 'cases-webhook', connector: 'cases', params }),
    run: (action, params) => rf.runAction({ type: 'cases-webhook', action, connector: 'cases', params }),
    async close() {
      await rf.stop();
      await standIn.close();
    },
  };
}
