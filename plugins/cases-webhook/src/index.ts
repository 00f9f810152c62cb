import { definePlugin } from '@relayflow/sdk';
import { createCasesWebhookType } from './cases-webhook-type';

export { createCasesWebhookType } from './cases-webhook-type';
export { CasesWebhookConfig } from './settings/config';
export { CasesWebhookSecrets } from './settings/secrets';
export { GetIncidentParams, Incident, IncidentComment, PushToServiceParams } from './actions/params';
export type { PushResult } from './actions/push-to-service';
export type { GetIncidentResult } from './actions/get-incident';

/** The plugin: registers the `cases-webhook` connector type (with a token cache per Relayflow). */
export default definePlugin({
  id: 'relayflow-cases-webhook',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(createCasesWebhookType());
  },
});
