import { definePlugin } from '@relayflow/sdk';
import { createJiraConnectorType } from './jira-connector-type';

/** The Jira plugin: registers the `jira` connector type. */
export const jiraPlugin = definePlugin({
  id: 'relayflow-jira',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(createJiraConnectorType());
  },
});
