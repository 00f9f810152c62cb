import { defineConnectorType, Description, IsNotEmpty, IsOptional, IsString, Transform, type Problem } from '@relayflow/sdk';
import { IsBlocks, normalizeBlocks, type Block } from './blocks';
import { parseSecretUrl, scrubbedError, scrubSecretUrl } from './secret-url';
import { webhookResult } from './slack-responses';

/** The `slack` connector has no config. */
export class SlackWebhookConfig {}

/** The `slack` connector's secrets. */
export class SlackWebhookSecrets {
  @Description('The incoming-webhook URL (`https://hooks.slack.com/services/...`). A secret: it is the credential.')
  @IsString() @IsNotEmpty()
  webhookUrl!: string;
}

/** Params of `slack` (its only action, `postMessage`). */
export class SlackWebhookParams {
  @Description('The message text (Slack mrkdwn); with `blocks` it is the notification fallback.')
  @IsString() @IsNotEmpty()
  message!: string;

  @Description('Optional Block Kit blocks: an array, JSON text of one, or `{"blocks": [...]}`.')
  @IsOptional() @Transform(({ value }) => normalizeBlocks(value)) @IsBlocks()
  blocks?: Block[];
}

const WHAT = 'error posting slack message';

/**
 * `slack`: posts to a Slack incoming webhook. `{"text": message}` (plus `blocks`) goes to the
 * webhook URL; Slack's `ok` is success, any other answer an error carrying Slack's text.
 */
export const slackWebhookConnector = defineConnectorType({
  id: 'slack',
  aliases: ['.slack'],
  name: 'Slack (incoming webhook)',
  description: 'Posts messages to one Slack channel through an incoming webhook',
  config: SlackWebhookConfig,
  secrets: SlackWebhookSecrets,
  defaultAction: 'postMessage',
  validate({ secrets }, tools): Problem[] | undefined {
    const url = parseSecretUrl(secrets.webhookUrl);
    if (typeof url === 'string') return [{ path: 'secrets.webhookUrl', message: url }];
    const refusal = tools.checkUrl(url.href);
    // checkUrl names the host, never the path; scrub anyway so the credential cannot leak here.
    if (refusal) return [{ path: 'secrets.webhookUrl', message: scrubSecretUrl(refusal, secrets.webhookUrl) }];
    return undefined;
  },
  actions: {
    postMessage: {
      params: SlackWebhookParams,
      description: 'Posts message (and optional blocks) to the webhook\'s channel',
      async execute({ params, secrets, http, signal, logger }) {
        const data: { text: string; blocks?: Block[] } = { text: params.message };
        if (params.blocks) data.blocks = params.blocks;
        logger.debug('posting to a Slack incoming webhook', { chars: params.message.length, blocks: params.blocks?.length ?? 0 });
        let res;
        try {
          res = await http.request({
            method: 'POST',
            url: secrets.webhookUrl.trim(),
            headers: { 'content-type': 'application/json; charset=utf-8' },
            data,
            signal,
            responseType: 'text',
          });
        } catch (err) {
          throw scrubbedError(err, secrets.webhookUrl, WHAT);
        }
        return webhookResult(res, WHAT);
      },
    },
  },
});
