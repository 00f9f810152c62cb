// A local stand-in for Slack, for `npm run demo`: an incoming webhook and the few Web API
// methods the slack and slack_api connectors call, on 127.0.0.1 with a random port. It answers
// as Slack does (text `ok` from the webhook, `{ ok, error }` JSON from the Web API) and records
// every message it accepted.
import { startStandIn, type RecordedRequest, type StandIn, type StandInReply } from '@relayflow/sdk/testing';

/** The webhook path the demo's `slack` connector posts to (its webhookUrl is `url + this`). */
export const SLACK_DEMO_WEBHOOK_PATH = '/services/T0DEMO0000/B0DEMO0000/demoWebhookSecret00000';

/** The channels the Web API stand-in knows, by id. */
export const SLACK_DEMO_CHANNELS: Readonly<Record<string, string>> = {
  C0GENERAL00: 'general',
  C0SECALERTS: 'security-alerts',
  C0ENGINEER0: 'engineering',
};

/** One message Slack accepted. */
export interface SlackDemoMessage {
  via: 'webhook' | 'api';
  /** Channel id (Web API) or the webhook's own channel. */
  channel: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  ts: string;
}

/** The stand-in, with the URLs to put in the demo's connectors and what it received. */
export interface SlackStandIn extends StandIn {
  /** For a `slack` connector's `secrets.webhookUrl`. */
  webhookUrl: string;
  /** For a `slack_api` connector's `config.apiUrl` (any `xoxb-`/`xoxp-` token is accepted). */
  apiUrl: string;
  /** Every message accepted, in order. */
  messages: SlackDemoMessage[];
}

/** Starts the Slack stand-in on 127.0.0.1 (a free port). */
export async function startSlackStandIn(): Promise<SlackStandIn> {
  const messages: SlackDemoMessage[] = [];
  let seq = 0;
  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  const webhook = (req: RecordedRequest): StandInReply => {
    if (req.method !== 'POST') return { status: 405, body: 'invalid_method' };
    if (req.path !== SLACK_DEMO_WEBHOOK_PATH) return text(404, 'no_service');
    const body = req.json as { text?: unknown; blocks?: unknown } | undefined;
    if (!body || typeof body !== 'object') return text(400, 'invalid_payload');
    if (!hasText(body.text) && !Array.isArray(body.blocks)) return text(400, 'no_text');
    messages.push(compact({ via: 'webhook', channel: '#security-alerts', text: asText(body.text), blocks: asBlocks(body.blocks), ts: nextTs() }));
    return text(200, 'ok');
  };

  const webApi = (req: RecordedRequest, method: string): StandInReply => {
    const auth = String(req.headers.authorization ?? '');
    if (!auth) return { body: { ok: false, error: 'not_authed' } };
    if (!/^Bearer xox[bpa]-\S+$/.test(auth)) return { body: { ok: false, error: 'invalid_auth' } };
    const args = { ...req.query, ...(req.json as Record<string, unknown> | undefined) };
    switch (method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://relayflow-demo.slack.com/', team: 'Relayflow Demo', user: 'relayflow', team_id: 'T0DEMO0000', user_id: 'U0DEMO0000', bot_id: 'B0DEMOBOT0' } };
      case 'conversations.info': {
        const id = String(args.channel ?? '');
        return SLACK_DEMO_CHANNELS[id] ? { body: { ok: true, channel: { id, name: SLACK_DEMO_CHANNELS[id], is_channel: true } } } : { body: { ok: false, error: 'channel_not_found' } };
      }
      case 'chat.postMessage': {
        if (req.method !== 'POST') return { body: { ok: false, error: 'invalid_arguments' } };
        const channel = channelId(String(args.channel ?? ''));
        if (!channel) return { body: { ok: false, error: 'channel_not_found' } };
        if (!hasText(args.text) && !Array.isArray(args.blocks)) return { body: { ok: false, error: 'no_text' } };
        const message = compact<SlackDemoMessage>({
          via: 'api', channel, text: asText(args.text), blocks: asBlocks(args.blocks), threadTs: asText(args.thread_ts), ts: nextTs(),
        });
        messages.push(message);
        return { body: { ok: true, channel, ts: message.ts, message: { type: 'message', text: message.text ?? '', blocks: message.blocks, ts: message.ts, thread_ts: message.threadTs } } };
      }
      default:
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  };

  const server = await startStandIn((req) => {
    if (req.path.startsWith('/services/')) return webhook(req);
    const api = /^\/api\/([\w.]+)$/.exec(req.path);
    return api ? webApi(req, api[1]) : text(404, 'not_found');
  });
  return Object.assign(server, {
    webhookUrl: `${server.url}${SLACK_DEMO_WEBHOOK_PATH}`,
    apiUrl: `${server.url}/api`,
    messages,
  });
}

/** A channel id for an id, `#name` or name the stand-in knows. */
function channelId(channel: string): string | undefined {
  if (SLACK_DEMO_CHANNELS[channel]) return channel;
  const name = channel.replace(/^#/, '');
  return Object.keys(SLACK_DEMO_CHANNELS).find((id) => SLACK_DEMO_CHANNELS[id] === name);
}

/** The message without its undefined fields. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function text(status: number, body: string): StandInReply {
  return { status, body, headers: { 'content-type': 'text/html' } };
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asBlocks(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
