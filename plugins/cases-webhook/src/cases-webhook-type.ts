import { defineConnectorType, OAuth2TokenCache, type ConnectorType } from '@relayflow/sdk';
import { getIncident } from './actions/get-incident';
import { GetIncidentParams, PushToServiceParams } from './actions/params';
import { pushToService } from './actions/push-to-service';
import { CasesWebhookConfig } from './settings/config';
import { CasesWebhookSecrets } from './settings/secrets';
import { validateSettings } from './settings/validate-settings';

/**
 * Makes connector type `cases-webhook`: Kibana's "Webhook - Case Management". Each call has its
 * own OAuth2 token cache; the plugin's `setup` makes one per Relayflow, so tokens never cross
 * instances.
 * @param tokens - the OAuth2 token cache its actions use
 */
export function createCasesWebhookType(tokens = new OAuth2TokenCache()): ConnectorType<CasesWebhookConfig, CasesWebhookSecrets> {
  return defineConnectorType({
    id: 'cases-webhook',
    aliases: ['.cases-webhook'],
    name: 'Webhook - Case Management',
    description: 'Creates and updates cases, and adds comments, in any case-management REST API (Jira, ServiceNow, TheHive, ...) from templates',
    config: CasesWebhookConfig,
    secrets: CasesWebhookSecrets,
    defaultAction: 'pushToService',
    validate: validateSettings,
    actions: {
      pushToService: {
        params: PushToServiceParams,
        description: 'Create (no incident.externalId) or update a case, then add comments: → { id, title, url, pushedDate, comments }',
        execute: (ctx) => pushToService(ctx, tokens),
      },
      getIncident: {
        params: GetIncidentParams,
        description: 'Read a case by its external id: → { id, title, url, data }',
        execute: (ctx) => getIncident(ctx, tokens),
      },
    },
  });
}
