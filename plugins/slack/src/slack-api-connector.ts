import { defineConnectorType, RelayflowError, type ActionContext, type ActionResult, type HttpResponse, type Problem } from '@relayflow/sdk';
import { parseBlockKitBody, type Block } from './blocks';
import { AllowedChannels, selectChannel, unusedChannelsWarning, type ChannelChoice } from './channel-selection';
import {
  DEFAULT_SLACK_API_URL, PostBlockkitParams, PostMessageParams, SlackApiConfig, SlackApiSecrets, ValidChannelIdParams,
  type ChannelParams,
} from './slack-api-schemas';
import { webApiResult } from './slack-responses';

type Ctx<P> = ActionContext<P, SlackApiConfig, SlackApiSecrets>;

const POSTING = 'error posting slack message';

/** The Web API base URL without a trailing slash. */
function apiBase(config: SlackApiConfig): string {
  return (config.apiUrl?.trim() || DEFAULT_SLACK_API_URL).replace(/\/+$/, '');
}

/** Calls one Web API method with the connector's token. */
function callSlack(ctx: Ctx<unknown>, method: 'GET' | 'POST', name: string, body?: Record<string, unknown>): Promise<HttpResponse> {
  return ctx.http.request({
    method,
    url: `${apiBase(ctx.config)}/${name}`,
    headers: {
      authorization: `Bearer ${ctx.secrets.token}`,
      ...(method === 'POST' ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    },
    ...(method === 'GET' ? { params: body as Record<string, string> } : { data: body ?? {} }),
    signal: ctx.signal,
  });
}

/**
 * The channel to post to, after precedence and the allow-list.
 * @throws RelayflowError `VALIDATION_FAILED` when no channel is given or it is not allowed
 */
function channelFor(ctx: Ctx<ChannelParams>): ChannelChoice {
  const choice = selectChannel(ctx.params);
  if (!choice) {
    throw new RelayflowError('VALIDATION_FAILED', 'a channel is required: set one of channel, channelIds or channelNames');
  }
  if (choice.ignored.length) {
    ctx.logger.warn(`several channel fields given: posting to ${choice.from}, ignoring ${choice.ignored.join(', ')}`, { channel: choice.channel });
  }
  const allowed = new AllowedChannels(ctx.config.allowedChannels);
  if (!allowed.allows(choice.channel)) {
    const connector = ctx.connector ? `connector "${ctx.connector.name}"` : 'this connector';
    throw new RelayflowError('VALIDATION_FAILED',
      `channel "${choice.channel}" (from ${choice.from}) is not in the allowed channels of ${connector} (${allowed.describe()}); post to one of those, or add it to config.allowedChannels`,
      { details: { channel: choice.channel, allowedChannels: allowed.describe() } });
  }
  return choice;
}

async function post(ctx: Ctx<ChannelParams>, message: { text?: string; blocks?: Block[] }): Promise<ActionResult> {
  const choice = channelFor(ctx);
  const { channel } = choice;
  // Kibana posts to the first channel of a list and drops the rest: so do we, but say so.
  const warning = unusedChannelsWarning(choice);
  if (warning) ctx.logger.warn(warning);
  const body: Record<string, unknown> = { channel, ...message };
  if (ctx.params.threadTs) body.thread_ts = ctx.params.threadTs;
  ctx.logger.debug('posting to Slack', { channel, thread: ctx.params.threadTs, blocks: message.blocks?.length ?? 0 });
  const result = webApiResult(await callSlack(ctx, 'POST', 'chat.postMessage', body), POSTING);
  return warning && result.status === 'ok' ? withWarning(result, warning) : result;
}

/** Slack's JSON with Relayflow's `warnings` (Slack's own `warning` and `response_metadata` are left as they are). */
function withWarning(result: ActionResult & { status: 'ok' }, warning: string): ActionResult {
  const data = result.data && typeof result.data === 'object' && !Array.isArray(result.data) ? result.data as Record<string, unknown> : { response: result.data };
  return { ...result, data: { ...data, warnings: [warning] } };
}

/**
 * `slack_api`: Slack's Web API with a bot or user token. Posts with chat.postMessage (text or
 * Block Kit) to one channel, restricted to `allowedChannels` when set, and checks channel ids
 * with conversations.info.
 */
export const slackApiConnector = defineConnectorType({
  id: 'slack_api',
  aliases: ['.slack_api'],
  name: 'Slack (Web API)',
  description: 'Posts messages to Slack channels with a bot token (chat.postMessage)',
  config: SlackApiConfig,
  secrets: SlackApiSecrets,
  defaultAction: 'postMessage',
  validate({ config }, tools): Problem[] | undefined {
    const problem = tools.checkUrl(apiBase(config));
    return problem ? [{ path: config.apiUrl ? 'config.apiUrl' : 'config', message: config.apiUrl ? problem : `the default Slack API URL ${DEFAULT_SLACK_API_URL}: ${problem}` }] : undefined;
  },
  actions: {
    postMessage: {
      params: PostMessageParams,
      description: 'chat.postMessage: text (and optional blocks, threadTs) to one channel',
      execute: (ctx) => post(ctx, ctx.params.blocks ? { text: ctx.params.text, blocks: ctx.params.blocks } : { text: ctx.params.text }),
    },
    postBlockkit: {
      params: PostBlockkitParams,
      description: 'chat.postMessage with a Block Kit body: text is JSON with "blocks"',
      async execute(ctx) {
        const parsed = parseBlockKitBody(ctx.params.text);
        // The params class already checked the body; this only narrows the type.
        if (typeof parsed === 'string') throw new RelayflowError('VALIDATION_FAILED', `text: ${parsed}`);
        return post(ctx, parsed);
      },
    },
    validChannelId: {
      params: ValidChannelIdParams,
      description: 'conversations.info: checks a channel id and returns the channel',
      async execute(ctx) {
        const channelId = ctx.params.channelId.trim();
        const res = await callSlack(ctx, 'GET', 'conversations.info', { channel: channelId });
        return webApiResult(res, `error checking slack channel ${channelId}`);
      },
    },
  },
  /** `connectors test`: auth.test says whether the token works and which workspace it is for. */
  async test(ctx) {
    return webApiResult(await callSlack({ ...ctx, params: undefined }, 'POST', 'auth.test'), 'error checking the slack token');
  },
});
