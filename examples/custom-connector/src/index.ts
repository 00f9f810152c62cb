import { definePlugin } from '@relayflow/sdk';
import { pagerDutyConnector } from './pagerduty-connector';

export { pagerDutyConnector, PagerDutyConfig, PagerDutySecrets, TriggerParams, DedupParams } from './pagerduty-connector';

/** The plugin: registers the `pagerduty` connector type. */
export default definePlugin({
  id: 'acme-pagerduty',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(pagerDutyConnector);
  },
});
