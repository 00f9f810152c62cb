import { encodePathSegment, isSuccess, type ActionError, type HttpClient, type HttpMethod, type HttpResponse, type Logger } from '@relayflow/sdk';
import { authorizationFor, deploymentOf, type JiraConfig, type JiraDeployment, type JiraSecrets } from '../schema/jira-settings';
import { jiraErrorResult, transportErrorResult } from './jira-errors';

/** A value, or the error result to return instead. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ActionError };

/** What the client needs from an action's context. */
export interface JiraCallContext {
  config: JiraConfig;
  secrets: JiraSecrets;
  http: HttpClient;
  signal: AbortSignal;
  logger: Logger;
  connector?: { id: string };
}

/** One Jira REST call. `path` starts with `/rest/...`; path segments must already be encoded. */
export interface JiraCall {
  method?: HttpMethod;
  path: string;
  params?: Record<string, string | number | undefined>;
  data?: unknown;
}

/**
 * A thin Jira REST v2 client over the core's egress client: base URL, auth header, JSON,
 * the step's signal, and failures turned into error results carrying Jira's reason.
 */
export class JiraClient {
  /** `apiUrl` without trailing slashes. */
  readonly base: string;
  /** Cloud (email + apiToken) or Data Center (personal access token). */
  readonly deployment: JiraDeployment;
  private readonly authorization: string;

  constructor(private readonly ctx: JiraCallContext) {
    this.base = ctx.config.apiUrl.replace(/\/+$/, '');
    this.deployment = deploymentOf(ctx.secrets);
    this.authorization = authorizationFor(ctx.secrets);
  }

  /** The browse URL people open: `{apiUrl}/browse/{KEY}`. */
  browseUrl(key: string): string {
    return `${this.base}/browse/${encodeURIComponent(key)}`;
  }

  /** The connector's default project unless `override` names one. */
  projectKey(override?: string): string {
    return override || this.ctx.config.projectKey;
  }

  /** A key that identifies this connector, site and credentials (for caches); holds no secret. */
  get identity(): string {
    return `${this.ctx.connector?.id ?? ''}\u0000${this.base}\u0000${this.deployment}`;
  }

  /**
   * Sends one request; any 2xx is success.
   * @param operation - what is attempted, used as the start of the error message
   */
  async call<T>(operation: string, call: JiraCall): Promise<Outcome<HttpResponse<T>>> {
    const method = call.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: this.authorization };
    if (call.data !== undefined) headers['Content-Type'] = 'application/json';
    this.ctx.logger.debug(`jira ${method} ${call.path}`);
    let res: HttpResponse<T>;
    try {
      res = await this.ctx.http.request<T>({
        method, url: `${this.base}${call.path}`, headers, params: call.params, data: call.data, signal: this.ctx.signal,
      });
    } catch (err) {
      return { ok: false, error: transportErrorResult(operation, err) };
    }
    if (!isSuccess(res)) return { ok: false, error: jiraErrorResult(operation, res) };
    return { ok: true, value: res };
  }
}

/**
 * Encodes one path segment (an issue key, a project key, an id); see the SDK's encodePathSegment.
 * @param what - what the value is, for the message (`issue id or key`, ...)
 * @throws RelayflowError `VALIDATION_FAILED` for `.` and `..`, which a URL would resolve to another path
 */
export function seg(value: string, what?: string): string {
  return encodePathSegment(value, what);
}
