import { defineConnectorType, ok, type ActionResult, type ConnectorType } from '@relayflow/sdk';
import { pushToServiceAction } from './actions/push-to-service';
import { getIncidentAction, issueAction, issuesAction, metadataActions } from './actions/read-actions';
import { IssueTypeCache } from './client/issue-type-cache';
import { JiraClient, seg } from './client/jira-client';
import { JiraConfig, JiraSecrets, validateJiraSettings } from './schema/jira-settings';

/**
 * Creates the `jira` connector type (Jira Cloud and Data Center, REST API v2). Each call has its
 * own issue-type cache, so every Relayflow instance that sets the plugin up gets a fresh one.
 */
export function createJiraConnectorType(cache = new IssueTypeCache()): ConnectorType<JiraConfig, JiraSecrets> {
  return defineConnectorType({
    id: 'jira',
    aliases: ['.jira'],
    name: 'Jira',
    description: 'Create and update Jira issues (Cloud: email + apiToken; Data Center: personal access token)',
    config: JiraConfig,
    secrets: JiraSecrets,
    defaultAction: 'pushToService',
    validate: validateJiraSettings,
    actions: {
      pushToService: pushToServiceAction(cache),
      getIncident: getIncidentAction,
      ...metadataActions(cache),
      issues: issuesAction,
      issue: issueAction,
    },
    async test(ctx): Promise<ActionResult> {
      const client = new JiraClient(ctx);
      const projectKey = client.projectKey();
      const res = await client.call<{ id?: unknown; key?: unknown; name?: unknown }>(
        `Unable to read Jira project ${projectKey}`, { path: `/rest/api/2/project/${seg(projectKey, 'project key')}` });
      if (!res.ok) return res.error;
      const { id, key, name } = res.value.data ?? {};
      return ok({ reachable: true, deployment: client.deployment, project: { id, key, name } });
    },
  });
}
