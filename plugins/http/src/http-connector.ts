import {
  defineConnectorType, describeResponse, error, isActionResult, isSuccess, OAuth2TokenCache, ok, parseDuration, redact, RelayflowError, requestErrorResult,
  retryFor, serviceMessageOf, type ActionContext, type ActionResult, type ConnectorType, type HttpClient, type HttpMethod, type HttpRequest, type HttpResponse,
  type OAuth2AccessToken, type TlsOptions,
} from '@relayflow/sdk';
import { originOf, prepareConnector, validateHttpConnector, type PreparedConnector } from './connector-auth';
import { headerValue, mergeHeaders } from './headers';
import { problemDetailOf } from './problem-details';
import { buildRequestUrl, stepQueryNames, withSecretQuery } from './request-url';
import { HttpConfig, HttpParams, HttpSecrets } from './schemas';

/** The step's output, and the error details of a non-2xx answer (Kibana's shape). */
export interface HttpOutput {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  data: unknown;
}

const NO_CONNECTOR: PreparedConnector = {
  kind: 'none', headers: {}, sensitiveHeaders: [], plainHeaders: {}, tlsSkipVerify: { verificationMode: 'none' }, hasCredentials: false, credentialOrigins: new Set(),
};

/**
 * Makes the `http` connector type. Each Relayflow gets its own OAuth2 token cache (the plugin's
 * `setup` calls this), so tokens never cross instances.
 * @param tokens - the OAuth2 token cache (give one with a test clock in tests)
 */
export function createHttpConnectorType(tokens = new OAuth2TokenCache()): ConnectorType<HttpConfig, HttpSecrets> {
  return defineConnectorType({
    id: 'http',
    // Kibana's HTTP connector, and its Webhook connector: a `.webhook` is an http connector whose
    // config.method is the method of steps that give none, and whose step sends `with.body`.
    aliases: ['.http', '.webhook'],
    name: 'HTTP',
    description: 'Calls any HTTP API: a full URL, or a connector\'s base URL with its headers and auth',
    config: HttpConfig,
    secrets: HttpSecrets,
    defaultAction: 'request',
    validate: ({ config, secrets }, tools) => validateHttpConnector(config, secrets, tools),
    actions: {
      request: {
        params: HttpParams,
        connector: 'optional',
        // Without a connector there is no base URL: validation reports a missing with.url at the step.
        requiredWithoutConnector: ['url'],
        description: 'Sends one request; the output is { status, statusText, headers, data }',
        weakensTls: skipsTlsVerification,
        execute(ctx) {
          return execute(ctx, tokens);
        },
      },
    },
  });
}

async function execute(ctx: ActionContext<HttpParams, HttpConfig, HttpSecrets>, tokens: OAuth2TokenCache): Promise<ActionResult> {
  const { params, config, secrets, connector, http, signal, logger } = ctx;
  const method: HttpMethod = params.method ?? (connector ? config.method : undefined) ?? 'GET';
  if (connector && !params.url && !config.url) {
    throw new RelayflowError('VALIDATION_FAILED', `with.url is required: connector "${connector.name}" has no url (give the step a with.url, or the connector a url)`, {
      problems: [{ path: 'url', message: `with.url is required: connector "${connector.name}" has no url` }],
    });
  }
  let url = buildRequestUrl(params.url ?? (connector ? config.url ?? undefined : undefined), params.path, params.query);
  let prepared = connector ? prepareConnector(config, secrets) : NO_CONNECTOR;
  if (connector) {
    const origin = originOf(url);
    if (origin === undefined || !prepared.credentialOrigins.has(origin)) {
      // The connector's credentials only ever go to its own url's origin and its allowedOrigins.
      if (prepared.hasCredentials) {
        logger.warn(`with.url is on ${origin ?? 'another origin'}, neither the connector's url origin nor one of its allowedOrigins: sending without the connector's credentials`);
      }
      prepared = { ...NO_CONNECTOR, headers: prepared.plainHeaders, tls: prepared.tlsWithoutCertificate, tlsSkipVerify: { ...prepared.tlsWithoutCertificate, verificationMode: 'none' } };
    } else if (prepared.secretQuery) {
      url = withSecretQuery(url, prepared.secretQuery, stepQueryNames(params));
    }
  }
  const fetcher = params.fetcher;
  const tls: TlsOptions | undefined = fetcher?.skip_ssl_verification ? prepared.tlsSkipVerify : prepared.tls;
  const request: HttpRequest = {
    method,
    url,
    data: params.body,
    signal,
    tls,
    timeout: timeoutMs(params.timeout),
    followRedirects: fetcher?.follow_redirects,
    maxRedirects: fetcher?.max_redirects,
    keepAlive: fetcher?.keep_alive,
    sensitiveHeaders: prepared.sensitiveHeaders,
  };

  let token: OAuth2AccessToken | undefined;
  if (prepared.oauth2) {
    const got = await tokens.get(prepared.oauth2, http, { signal, tls: prepared.tls });
    if (isActionResult(got)) return got;
    token = got;
  }
  const keyHeader = params['idempotency-header'] ?? (connector ? config['idempotency-header'] : undefined);
  const idempotency = keyHeader ? { [keyHeader]: ctx.idempotencyKey } : undefined;
  let headers = mergeHeaders(prepared.headers, token && { Authorization: token.header }, idempotency, params.headers);
  request.headers = headers;
  let res = await send(http, request, method, url);
  if (!isResponse(res)) return res;
  if (res.status === 401 && prepared.oauth2 && token && headerValue(headers, 'authorization') === token.header) {
    // The token may have been revoked or expired early: get a new one and try once more.
    tokens.invalidate(prepared.oauth2, token);
    const fresh = await tokens.get(prepared.oauth2, http, { signal, tls: prepared.tls });
    if (isActionResult(fresh)) return fresh;
    token = fresh;
    headers = mergeHeaders(prepared.headers, { Authorization: token.header }, idempotency, params.headers);
    request.headers = headers;
    res = await send(http, request, method, url);
    if (!isResponse(res)) return res;
  }
  return result(res, method, url, token);
}

/**
 * `fetcher.skip_ssl_verification` turns verification off for the step, which weakens the
 * connector's TLS unless its own verificationMode is already `none`. Read defensively: at
 * validation `params` is the step's literal `with` ("true" from a template counts at run time).
 */
function skipsTlsVerification(params: HttpParams, config: HttpConfig): ReadonlyArray<string> | undefined {
  const skip: unknown = params?.fetcher?.skip_ssl_verification;
  if (skip !== true && skip !== 'true') return undefined;
  return config?.verificationMode === 'none' ? undefined : ['fetcher', 'skip_ssl_verification'];
}

// Module-level (not a closure per call): the hot path allocates as little as it can.
async function send(http: HttpClient, request: HttpRequest, method: string, url: string): Promise<HttpResponse | ActionResult> {
  try {
    return await http.request(request);
  } catch (err) {
    return requestErrorResult(err, `error calling http ${method} ${hostOf(url)}`);
  }
}

function result(res: HttpResponse, method: string, url: string, token: OAuth2AccessToken | undefined): ActionResult {
  let output: HttpOutput = { status: res.status, statusText: res.statusText, headers: res.headers, data: res.data };
  if (token) output = redact(output, [token.value]);
  if (isSuccess(output)) return ok(output);
  return error({
    message: `http ${method} ${hostOf(url)} failed: ${describeResponse(output)}`,
    // RFC 7807 problem bodies say it in `detail` (else `title`), as Kibana's http connector reads them.
    serviceMessage: problemDetailOf(output) ?? serviceMessageOf(output.data),
    retry: retryFor(output),
    details: { ...output },
  });
}

function isResponse(value: HttpResponse | ActionResult): value is HttpResponse {
  return typeof (value as HttpResponse).status === 'number';
}

function timeoutMs(timeout: number | string | undefined): number | undefined {
  if (timeout === undefined) return undefined;
  return typeof timeout === 'number' ? timeout : parseDuration(timeout);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the service';
  }
}
