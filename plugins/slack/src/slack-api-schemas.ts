import {
  Description, IsArray, IsDefined, IsNotEmpty, IsOptional, IsString, Matches, Transform, ValidateBy, type ValidationArguments,
} from '@relayflow/sdk';
import { IsBlockKitBody, IsBlocks, normalizeBlocks, type Block } from './blocks';
import { CHANNEL_PRECEDENCE, isAllowedChannelEntry, selectChannel, type AllowedChannelEntry, type ChannelFields } from './channel-selection';

/** Slack's Web API base when the connector sets no `apiUrl`. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api';

/** The `slack_api` connector's config. */
export class SlackApiConfig {
  @Description('Channels the connector may post to: ids (`C0123456789`), names (`#general`) or `{ id, name }`. Absent or empty: any channel the token can post to.')
  @IsOptional() @IsArray()
  @ValidateBy({
    name: 'isAllowedChannelList',
    validator: {
      validate: (value) => Array.isArray(value) && value.every(isAllowedChannelEntry),
      defaultMessage: () => 'allowedChannels entries must each be a channel id ("C0123456789"), a channel name ("#general") or { "id": "...", "name": "..." }',
    },
  })
  allowedChannels?: AllowedChannelEntry[];

  @Description('The Web API base URL (default https://slack.com/api); override for tests and proxies.')
  @IsOptional() @IsString() @IsNotEmpty()
  apiUrl?: string;
}

/** The `slack_api` connector's secrets. */
export class SlackApiSecrets {
  @Description('A bot (`xoxb-`) or user (`xoxp-`) token, sent as `Authorization: Bearer`.')
  @IsString() @IsNotEmpty()
  token!: string;
}

/**
 * `channel` carries the cross-field check: one of the channel fields must hold a channel. It has
 * no other validator, so a missing `channel` is not reported when `channelIds` is given.
 */
const RequireChannel = ValidateBy({
  name: 'requireSlackChannel',
  validator: {
    validate: (value, args) => (value === undefined || value === null || typeof value === 'string')
      && selectChannel(args?.object as ChannelFields) !== undefined,
    defaultMessage: (args?: ValidationArguments) => (args && args.value !== undefined && args.value !== null && typeof args.value !== 'string'
      ? 'channel must be a string: a channel id (C0123456789) or a name (#general)'
      : `a channel is required: set one of ${CHANNEL_PRECEDENCE.slice(0, 3).join(', ')} (an id such as C0123456789, or a #name)`),
  },
});

/** The channel fields shared by `postMessage` and `postBlockkit`; see channel-selection.ts for precedence. */
export class ChannelParams implements ChannelFields {
  @Description('One channel: an id (`C0123456789`) or a name (`#general`).')
  @RequireChannel
  channel?: string;

  @Description('Kibana\'s form: a list of channel ids; the post goes to the first (a warning in the output names the others).')
  @IsOptional() @IsArray()
  @IsString({ each: true })
  channelIds?: string[];

  @Description('Kibana\'s form: a list of channel names starting with `#`; the post goes to the first.')
  @IsOptional() @IsArray()
  @IsString({ each: true }) @Matches(/^#\S/, { each: true, message: 'channelNames entries must start with # (e.g. "#general")' })
  channelNames?: string[];

  @Description('Kibana\'s deprecated form of `channelIds`; the post goes to the first.')
  @IsOptional() @IsArray()
  @IsString({ each: true })
  channels?: string[];

  @Description('Reply in the thread of this message (its `ts`, e.g. `1503435956.000247`).')
  @IsOptional() @IsString() @Matches(/^\d+(\.\d+)?$/, { message: 'threadTs must be a Slack message timestamp such as 1503435956.000247' })
  threadTs?: string;
}

/** Params of `slack_api.postMessage` (the default action). */
export class PostMessageParams extends ChannelParams {
  @Description('The message text (mrkdwn); with `blocks`, the notification fallback.')
  @IsString() @IsNotEmpty()
  text!: string;

  @Description('Optional Block Kit blocks: an array, JSON text of one, or `{"blocks": [...]}`.')
  @IsOptional() @Transform(({ value }) => normalizeBlocks(value)) @IsBlocks()
  blocks?: Block[];
}

/** Params of `slack_api.postBlockkit`: `text` is a Block Kit body (JSON text or object with `blocks`). */
export class PostBlockkitParams extends ChannelParams {
  @Description('A Block Kit body: JSON text or an object with `blocks`')
  @IsDefined() @IsBlockKitBody()
  text!: string | Record<string, unknown>;
}

/** Params of `slack_api.validChannelId`. */
export class ValidChannelIdParams {
  @Description('The channel id to look up with conversations.info.')
  @IsString() @IsNotEmpty()
  channelId!: string;
}
