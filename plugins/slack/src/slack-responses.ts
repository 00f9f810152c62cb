import { bodyExcerpt, error, httpErrorResult, ok, retryFor, type ActionResult, type HttpResponse } from '@relayflow/sdk';

/**
 * Web API error codes Slack documents as transient: trying again later may succeed.
 * Every other `ok: false` code (channel_not_found, invalid_auth, ...) will fail the same way again.
 */
const TRANSIENT_CODES = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** What to do about common Slack errors, appended to the message. */
const HINTS: Record<string, string> = {
  channel_not_found: 'check the channel id or name, and that the app can see the channel: invite it to private channels',
  not_in_channel: 'invite the app to the channel (/invite @your-app) or give it the chat:write.public scope',
  is_archived: 'the channel is archived',
  channel_is_archived: 'the channel is archived',
  invalid_auth: "the connector's token is not valid; update its secrets.token",
  not_authed: "no token reached Slack; check the connector's secrets.token",
  token_revoked: "the connector's token was revoked; update its secrets.token",
  token_expired: "the connector's token expired; update its secrets.token",
  account_inactive: "the connector's token belongs to a deactivated user or workspace",
  missing_scope: 'the token lacks a scope this method needs (chat:write for posting, channels:read / groups:read for channel info)',
  invalid_blocks: 'Slack rejected the blocks; check them in Block Kit Builder',
  no_service: 'the webhook URL is wrong or the webhook was removed; update the connector\'s secrets.webhookUrl',
  no_team: 'the webhook URL is wrong or its workspace is gone; update the connector\'s secrets.webhookUrl',
  team_disabled: 'the webhook\'s workspace is disabled',
  action_prohibited: 'an admin restricted posting to this channel',
  posting_to_general_channel_denied: 'only admins may post to this channel',
  invalid_token: 'the webhook URL is not valid; update the connector\'s secrets.webhookUrl',
};

function withHint(text: string, code: string | undefined): string {
  const hint = code ? HINTS[code] : undefined;
  return hint ? `${text} (${hint})` : text;
}

/**
 * A 429 or 5xx from Slack: retryable, at `Retry-After` when Slack gave one.
 * @returns the error result, or undefined for any other status
 */
function retryableFailure(res: HttpResponse, what: string, serviceMessage: string | undefined): ActionResult | undefined {
  if (res.status !== 429 && res.status < 500) return undefined;
  const retry = retryFor(res);
  const when = retry instanceof Date ? `retry at ${retry.toISOString()}` : 'retry later';
  const why = res.status === 429 ? 'Slack rate limit reached (429 Too Many Requests)' : `Slack answered ${res.status} ${res.statusText}`;
  return error({
    message: `${what}: ${why}; ${when}`,
    serviceMessage,
    retry,
    details: { status: res.status },
  });
}

/**
 * Classifies an incoming-webhook response. Slack answers `ok` (HTTP 200, text) on success and
 * an error code as text otherwise (`invalid_payload`, `no_service`, `channel_is_archived`, ...).
 * @param what - what was being done, e.g. "error posting slack message"
 */
export function webhookResult(res: HttpResponse, what: string): ActionResult {
  const text = typeof res.data === 'string' ? res.data.trim() : bodyExcerpt(res.data);
  const excerpt = bodyExcerpt(text) || undefined;
  const retryable = retryableFailure(res, what, excerpt);
  if (retryable) return retryable;
  if (res.status < 200 || res.status >= 300) {
    const failure = httpErrorResult(res, what, excerpt);
    return { ...failure, message: withHint(failure.message, text) };
  }
  if (text === 'ok') return ok({ text: 'ok' });
  return error({
    message: withHint(`${what}: Slack answered ${excerpt ? `"${excerpt}"` : 'an empty body'} instead of "ok"`, text),
    serviceMessage: excerpt,
    retry: false,
    details: { status: res.status },
  });
}

/** Slack's Web API envelope: every method answers JSON with `ok` and, when false, `error`. */
interface WebApiBody {
  ok?: unknown;
  error?: unknown;
  response_metadata?: { messages?: unknown };
  [key: string]: unknown;
}

/**
 * Classifies a Web API response: `ok: true` → ok(Slack's JSON); `ok: false` → an error carrying
 * Slack's error code (retryable only for the transient codes); 429 → retry at `Retry-After`;
 * 5xx → retryable; any other status or a non-JSON body → error.
 * @param what - what was being done, e.g. "error posting slack message"
 */
export function webApiResult(res: HttpResponse, what: string): ActionResult {
  const body = isObject(res.data) ? (res.data as WebApiBody) : undefined;
  const code = body ? errorCode(body.error) : undefined;
  const retryable = retryableFailure(res, what, code ?? (bodyExcerpt(res.data) || undefined));
  if (retryable) return retryable;
  if (res.status < 200 || res.status >= 300) return httpErrorResult(res, what, code);
  if (!body) {
    return error({
      message: `${what}: Slack answered ${res.status} with a body that is not JSON${bodyExcerpt(res.data) ? ` — ${bodyExcerpt(res.data)}` : ''} (is apiUrl the Web API base, e.g. https://slack.com/api?)`,
      retry: false,
      details: { status: res.status },
    });
  }
  if (body.ok === true) return ok(body);
  const failureCode = code ?? 'unknown_error';
  const detail = metadataMessages(body);
  return error({
    message: withHint(`${what}: ${failureCode}${detail ? ` — ${detail}` : ''}`, failureCode),
    serviceMessage: failureCode,
    retry: TRANSIENT_CODES.has(failureCode),
    details: { status: res.status, response: body },
  });
}

function errorCode(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Slack explains `invalid_arguments` / `invalid_blocks` in `response_metadata.messages`. */
function metadataMessages(body: WebApiBody): string {
  const messages = body.response_metadata?.messages;
  return Array.isArray(messages) ? bodyExcerpt(messages.filter((m) => typeof m === 'string').join('; ')) : '';
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
