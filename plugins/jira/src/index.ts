/**
 * @relayflow/plugin-jira: the `jira` connector type (Jira Cloud and Data Center issues, with
 * comments). The default export is the plugin.
 */
import { jiraPlugin } from './jira-plugin';

export { jiraPlugin };
export { createJiraConnectorType } from './jira-connector-type';
export { JiraConfig, JiraSecrets } from './schema/jira-settings';
export { PushToServiceParams, JiraIncident, PushComment } from './schema/push-to-service-params';
export {
  FieldsByIssueTypeParams, GetFieldsParams, GetIncidentParams, IssueParams, IssuesParams, IssueTypesParams,
} from './schema/action-params';
export type { PushResult, PushedComment } from './actions/push-to-service';
export type { IssueType, FieldInfo, FieldsById } from './client/createmeta';
export { jqlString, jqlTextPhrase } from './client/jql';
export default jiraPlugin;
