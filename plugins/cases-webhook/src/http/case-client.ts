import {
  error, httpErrorResult, isActionResult, isSuccess, REDACTED, requestErrorResult, stripCredentials, type ActionError, type HttpClient, type HttpMethod,
  type HttpResponse, type Logger, type OAuth2AccessToken, type OAuth2TokenCache,
} from '@relayflow/sdk';
import type { JsonPath } from '../response/json-path';
import { OperationFailed } from './operation-failed';
import type { RequestAuth } from './request-auth';

/** One request to the case system, already rendered and checked. */
export interface CaseRequest {
  method: HttpMethod;
  url: string;
  body?: string;
}

/**
 * `METHOD URL` for messages and logs, without any `user:password@` the configured URL carries
 * (config is not secret, so redaction would not catch it).
 */
export function describeRequest(req: Pick<CaseRequest, 'method' | 'url'>): string {
  return `${req.method} ${stripCredentials(req.url)}`;
}

/** What a caller reads from a response: nothing, or JSON fields at these paths. */
export type ResponseNeeds = { read: 'nothing' } | { read: 'json'; keys: Array<{ path: JsonPath; field: string }> };

/**
 * Sends requests to the case system through the egress client with the connector's headers,
 * TLS options and OAuth2 token (refreshed once on 401), and turns every failure into an error
 * result that names the operation ("error creating case", "error reading case 123", ...), the
 * remote status and reason, and whether to retry (429 at Retry-After, 5xx and network errors).
 */
export class CaseClient {
  private token?: OAuth2AccessToken;

  constructor(
    private readonly http: HttpClient,
    private readonly auth: RequestAuth,
    private readonly tokens: OAuth2TokenCache,
    private readonly signal: AbortSignal,
    private readonly logger: Logger,
  ) {}

  /**
   * @param operation - what is being done, for messages: "creating case", "reading case 123"
   * @returns the response (2xx, and JSON with every needed key when keys are read)
   * @throws OperationFailed with the error result to return
   */
  async send(operation: string, req: CaseRequest, needs: ResponseNeeds): Promise<HttpResponse> {
    const what = `error ${operation} (${describeRequest(req)})`;
    let res = await this.exchange(what, req, false);
    if (res.status === 401 && this.auth.oauth && !this.auth.authorizationFromSecretHeader) {
      this.logger.debug(`401 from ${describeRequest(req)}: refreshing the OAuth2 token and trying once more`);
      res = await this.exchange(what, req, true);
    }
    if (!isSuccess(res)) throw this.failed(httpErrorResult(res, what));
    if (needs.read === 'json') this.checkJson(what, res, needs.keys);
    return res;
  }

  private async exchange(what: string, req: CaseRequest, refreshToken: boolean): Promise<HttpResponse> {
    const headers = { ...this.auth.headers };
    if (this.auth.oauth && !this.auth.authorizationFromSecretHeader) {
      if (refreshToken && this.token) this.tokens.invalidate(this.auth.oauth, this.token);
      const token = await this.tokens.get(this.auth.oauth, this.http, { signal: this.signal, tls: this.auth.tls });
      if (isActionResult(token)) throw this.failed(token);
      this.token = token;
      headers.Authorization = token.header;
    }
    try {
      return await this.http.request({
        method: req.method, url: req.url, headers, data: req.body, signal: this.signal, tls: this.auth.tls,
        responseType: 'json',
      });
    } catch (err) {
      throw this.failed(requestErrorResult(err, what));
    }
  }

  private checkJson(what: string, res: HttpResponse, keys: Array<{ path: JsonPath; field: string }>): void {
    const contentType = res.headers['content-type'];
    const wanted = keys.map((k) => k.path.text).join(', ');
    if (!contentType) {
      throw this.failed(error({ message: `${what}: the response (${res.status}) has no content type; expected application/json to read ${wanted}` }));
    }
    if (!/application\/([\w.+-]+\+)?json/i.test(contentType)) {
      throw this.failed(error({ message: `${what}: the response (${res.status}) is ${contentType.split(';')[0]}, not application/json; cannot read ${wanted}` }));
    }
    if (typeof res.data !== 'object' || res.data === null) {
      throw this.failed(error({ message: `${what}: the response (${res.status}) is not a JSON object; cannot read ${wanted}` }));
    }
    const missing = keys.filter((k) => {
      const value = k.path.get(res.data);
      return value === undefined || value === null || value === '';
    });
    if (missing.length) {
      const fields = Array.isArray(res.data) ? '(the response is an array)' : `its top-level fields: ${Object.keys(res.data).slice(0, 20).join(', ') || 'none'}`;
      throw this.failed(error({
        message: `${what}: the response is missing the expected field${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k.path.text}" (config.${k.field})`).join(', ')}; ${fields}`,
        details: { response: { status: res.status, data: res.data } },
      }));
    }
  }

  /** An error result with the current OAuth2 access token (not a connector secret) scrubbed. */
  private failed(result: ActionError): OperationFailed {
    const token = this.token?.value;
    if (!token) return new OperationFailed(result);
    return new OperationFailed(scrub(result, token));
  }
}

function scrub<T>(value: T, text: string): T {
  if (typeof value === 'string') return value.split(text).join(REDACTED) as T;
  if (Array.isArray(value)) return value.map((v) => scrub(v, text)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, text)])) as T;
  }
  return value;
}
