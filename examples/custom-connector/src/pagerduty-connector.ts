import {
  defineConnectorType, Description, error, httpErrorResult, IsIn, IsObject, IsOptional, IsString, IsUrl, Length, MaxLength, MinLength, ok,
  requestErrorResult, type ActionResult, type HttpClient, type HttpResponse,
} from '@relayflow/sdk';
import { acceptedOf, rejectionReason } from './pagerduty-response';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** Connector config: only the Events API base URL, overridable for proxies and tests. */
export class PagerDutyConfig {
  @Description('Events API base URL (default https://events.pagerduty.com); override for proxies and tests')
  @IsOptional() @IsUrl({ require_tld: false }) apiUrl?: string;
}

/** Connector secrets: the Events API v2 integration ("routing") key. */
export class PagerDutySecrets {
  @Description('The 32-character Events API v2 integration (routing) key of the service')
  @IsString() @Length(32, 32, { message: 'routingKey must be the 32-character Events API v2 integration key' }) routingKey!: string;
}

/** `pagerduty.trigger` (the default action): open or update an alert. */
export class TriggerParams {
  @Description('What happened, as the alert\'s title (at most 1024 characters)')
  @IsString() @MinLength(1) @MaxLength(1024) summary!: string;
  @Description('Where it happened: a host name, service or IP')
  @IsString() @MinLength(1) source!: string;
  @Description('critical, error, warning or info (default: PagerDuty\'s)')
  @IsOptional() @IsIn(SEVERITIES) severity?: (typeof SEVERITIES)[number];
  @Description('Groups events into one alert; the same key later acknowledges or resolves it')
  @IsOptional() @IsString() @MaxLength(255) dedupKey?: string;
  @Description('The part of the source that is affected (e.g. mysql)')
  @IsOptional() @IsString() component?: string;
  @Description('A logical group of components (e.g. prod-datapipe)')
  @IsOptional() @IsString() group?: string;
  @Description('The kind of event (e.g. ping failure)')
  @IsOptional() @IsString() class?: string;
  @Description('Any other details, shown with the alert')
  @IsOptional() @IsObject() customDetails?: Record<string, unknown>;
}

/** `pagerduty.acknowledge` / `pagerduty.resolve`: act on the alert with this dedup key. */
export class DedupParams {
  @Description('The dedup key of the alert to act on')
  @IsString() @MinLength(1) @MaxLength(255) dedupKey!: string;
}

const DEFAULT_API_URL = 'https://events.pagerduty.com';

const WHAT = 'error sending the event to PagerDuty';

/**
 * Sends one event. Every outcome is a result, never a throw: no answer (network error, timeout,
 * refused host) → `requestErrorResult` (retryable when the network failed); 202 → ok with the
 * answer's text fields; 400 → PagerDuty's reasons, whatever shape they came in, not retried;
 * anything else (429, 5xx, a proxy's HTML page) → `httpErrorResult` (status, excerpt, retry).
 * The body is typed `unknown`: see pagerduty-response.ts for reading it.
 */
async function enqueue(http: HttpClient, config: PagerDutyConfig, signal: AbortSignal, event: Record<string, unknown>): Promise<ActionResult> {
  let res: HttpResponse<unknown>;
  try {
    res = await http.request<unknown>({
      method: 'POST',
      url: `${(config.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '')}/v2/enqueue`,
      data: event,
      signal,
    });
  } catch (err) {
    return requestErrorResult(err, WHAT);
  }
  if (res.status === 202) return ok(acceptedOf(res.data));
  if (res.status === 400) {
    const reason = rejectionReason(res.data);
    return error({ message: `PagerDuty rejected the event: ${reason}`, serviceMessage: reason, retry: false });
  }
  return httpErrorResult(res, WHAT);
}

/** The `pagerduty` connector type (PagerDuty Events API v2). */
export const pagerDutyConnector = defineConnectorType({
  id: 'pagerduty',
  name: 'PagerDuty',
  description: 'Trigger, acknowledge and resolve PagerDuty alerts through the Events API v2',
  config: PagerDutyConfig,
  secrets: PagerDutySecrets,
  defaultAction: 'trigger',
  validate({ config }, tools) {
    const problem = tools.checkUrl(config.apiUrl ?? DEFAULT_API_URL);
    return problem ? [{ path: 'config.apiUrl', message: problem }] : undefined;
  },
  actions: {
    trigger: {
      params: TriggerParams,
      description: 'Open an alert (or add to the open one with the same dedupKey)',
      execute: ({ params, config, secrets, http, signal }) => enqueue(http, config, signal, {
        routing_key: secrets.routingKey,
        event_action: 'trigger',
        dedup_key: params.dedupKey,
        payload: {
          summary: params.summary,
          source: params.source,
          severity: params.severity ?? 'error',
          component: params.component,
          group: params.group,
          class: params.class,
          custom_details: params.customDetails,
        },
      }),
    },
    acknowledge: {
      params: DedupParams,
      description: 'Acknowledge the alert with this dedupKey',
      execute: ({ params, config, secrets, http, signal }) => enqueue(http, config, signal, {
        routing_key: secrets.routingKey, event_action: 'acknowledge', dedup_key: params.dedupKey,
      }),
    },
    resolve: {
      params: DedupParams,
      description: 'Resolve the alert with this dedupKey',
      execute: ({ params, config, secrets, http, signal }) => enqueue(http, config, signal, {
        routing_key: secrets.routingKey, event_action: 'resolve', dedup_key: params.dedupKey,
      }),
    },
  },
});
