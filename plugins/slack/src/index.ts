import { definePlugin } from '@relayflow/sdk';
import { slackApiConnector } from './slack-api-connector';
import { slackWebhookConnector } from './slack-webhook-connector';

export { slackWebhookConnector, SlackWebhookConfig, SlackWebhookParams, SlackWebhookSecrets } from './slack-webhook-connector';
export { slackApiConnector } from './slack-api-connector';
export {
  ChannelParams, DEFAULT_SLACK_API_URL, PostBlockkitParams, PostMessageParams, SlackApiConfig, SlackApiSecrets,
  ValidChannelIdParams,
} from './slack-api-schemas';
export { AllowedChannels, CHANNEL_PRECEDENCE, selectChannel } from './channel-selection';
export type { AllowedChannelEntry, ChannelChoice, ChannelFields, ChannelSource } from './channel-selection';

/**
 * `@relayflow/plugin-slack`: the `slack` (incoming webhook) and `slack_api` (Web API)
 * connector types.
 */
const slackPlugin = definePlugin({
  id: 'relayflow-slack',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(slackWebhookConnector);
    registerConnectorType(slackApiConnector);
  },
});

export default slackPlugin;
