import type { AxiosInstance, AxiosResponse, AxiosStatic } from 'axios';
import { inject, injectable, optional } from 'inversify';
import { isIP } from 'node:net';
import type { HttpRequest, HttpResponse } from '../contracts/http-client';
import { RelayflowError } from '../errors/relayflow-error';
import { Config } from '../config/relayflow-config';
import { ConfigProblems } from '../contracts/config-problems';
import { RuntimeEnvironment } from '../contracts/runtime-environment';
import type { HttpClient } from '../contracts/http-client';
import { formatPath } from '../validation/class-validation';
import { AgentPool } from './agent-pool';
import { hostNotAllowed, privateNetworkDenied, requestFailure, type FailureContext } from './egress-errors';
import { resolveEgressSettings, type EgressSettings } from './egress-settings';
import { parseHttpUrl } from './host-policy';
import { appendQuery, encodeRequest, redirectBecomesGet, redirectedRequest, toHttpResponse } from './http-message';
import { firstPrivateAddress, isPrivateAddress, type DnsLookup } from './private-network';
import { nodeHttpAdapter } from './node-http-adapter';
import { linkAbort } from './signal-link';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Redirects followed when the request does not say. */
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * The egress client: every outbound request of Relayflow and its plugins goes through it.
 *
 * - `networking.allowedHosts` is checked on the final URL (query applied) and on every redirect
 *   hop, before anything is sent; redirects are followed here, hop by hop, for that reason.
 * - `networking.denyPrivateNetworks` refuses private, loopback, link-local and metadata
 *   addresses: IP literals before sending, names at connection time through the agents' DNS
 *   lookup (or, through a proxy, by resolving the name first).
 * - One deadline covers the whole exchange: the smaller of the request's `timeout` and
 *   `networking.responseTimeout`; the caller's signal aborts it too (see linkAbort).
 * - `networking.maxResponseContentLength` stops reading a larger body as it arrives.
 * - TLS, client certificates and the proxy come from shared keep-alive agents (see AgentPool).
 *
 * Resolves for every HTTP status; rejects only when no response came back.
 */
@injectable()
export class EgressHttpClient implements HttpClient {
  private readonly settings: EgressSettings;
  private readonly agents: AgentPool;
  private client?: AxiosInstance;

  /**
   * @throws RelayflowError `CONFIG_INVALID` when a CA file cannot be read or the proxy host lists
   *   contradict each other (located in the config file when there is one)
   */
  constructor(
    @inject(Config) config: Config,
    @inject(RuntimeEnvironment) @optional() environment?: RuntimeEnvironment,
    @inject(ConfigProblems) @optional() configProblems?: ConfigProblems,
  ) {
    const { settings, problems } = resolveEgressSettings(config.networking, environment?.baseDir ?? process.cwd());
    if (problems.length) {
      const located = problems.map((p) => configProblems?.locate(p.path, p.message) ?? { path: formatPath(p.path), fieldPath: p.path, message: p.message });
      throw new RelayflowError('CONFIG_INVALID', `networking settings are invalid: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ')}`, { problems: located });
    }
    this.settings = settings;
    this.agents = new AgentPool(settings);
  }

  /**
   * The axios instance, loaded on the first request (a command that sends nothing starts faster).
   * Its transport is {@link nodeHttpAdapter}: node:http through the pooled agents, without the
   * machinery of axios's own adapter that this configuration never uses.
   */
  private get axios(): AxiosInstance {
    if (!this.client) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const axios = require('axios') as AxiosStatic;
      this.client = axios.create({
        proxy: false,
        maxRedirects: 0,
        validateStatus: null,
        responseType: 'arraybuffer',
        // No transforms (bytes in, bytes out): an empty list, not an identity function, which
        // axios would call with a freshly normalised copy of the headers each time.
        transformRequest: [],
        transformResponse: [],
        maxContentLength: this.settings.maxResponseContentLength,
        maxBodyLength: -1,
        adapter: nodeHttpAdapter(`axios/${axios.VERSION}`),
      });
      leanDefaults(this.client);
    }
    return this.client;
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    let url = this.target(req);
    // Before any timer starts: headers that cannot be sent are refused at once.
    let { headers, body } = encodeRequest(req);
    const { responseTimeoutMs } = this.settings;
    const ownTimeout = typeof req.timeout === 'number' && req.timeout > 0 && req.timeout < responseTimeoutMs;
    const failure: FailureContext = {
      url,
      timeoutMs: ownTimeout ? (req.timeout as number) : responseTimeoutMs,
      timeoutSetting: ownTimeout ? 'the request\'s timeout' : 'networking.responseTimeout',
      maxResponseContentLength: this.settings.maxResponseContentLength,
    };
    const callerSignal = req.signal;
    if (callerSignal?.aborted) throw requestFailure(undefined, { ...failure, abortedBy: 'caller' });
    const controller = new AbortController();
    const signal = controller.signal;
    const timer = setTimeout(() => controller.abort(), failure.timeoutMs);
    const unlink = callerSignal ? linkAbort(callerSignal, controller) : undefined;
    let method = (req.method ?? 'GET').toUpperCase();
    const maxRedirects = req.followRedirects === false ? 0 : req.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const keepAlive = req.keepAlive !== false;
    try {
      for (let hop = 0; ; hop++) {
        const proxied = this.agents.usesProxy(url);
        if (proxied && this.settings.denyPrivateNetworks) await this.checkBeforeProxy(url);
        const agent = this.agents.agentFor(url, proxied, req.tls, keepAlive);
        failure.url = url;
        let res: AxiosResponse<Buffer>;
        try {
          res = await this.axios.request<Buffer>({
            url: url.href,
            method,
            headers,
            data: body,
            signal,
            ...(url.protocol === 'https:' ? { httpsAgent: agent } : { httpAgent: agent }),
          });
        } catch (err) {
          if (signal.aborted) failure.abortedBy = callerSignal?.aborted ? 'caller' : 'timeout';
          throw requestFailure(err, failure);
        }
        const location = res.headers.location;
        if (hop >= maxRedirects || !REDIRECT_STATUSES.has(res.status) || typeof location !== 'string') {
          return toHttpResponse<T>(res, req.responseType);
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return toHttpResponse<T>(res, req.responseType);
        }
        // A body is never re-sent to another origin (it may carry credentials): such a redirect
        // (307/308) is returned to the caller instead of followed.
        if (body !== undefined && next.origin !== url.origin && !redirectBecomesGet(res.status, method)) {
          return toHttpResponse<T>(res, req.responseType);
        }
        this.admit(next, url);
        ({ method, headers, body } = redirectedRequest(res.status, method, headers, body, url, next, req.sensitiveHeaders));
        url = next;
      }
    } finally {
      clearTimeout(timer);
      unlink?.();
    }
  }

  /**
   * Replaces how names are resolved for the `denyPrivateNetworks` check (e.g. a caching
   * resolver, or a test's fixed answers). Call it before the first request: agents keep the
   * resolver they were made with.
   */
  setDnsLookup(lookup: DnsLookup): void {
    this.settings.lookup = lookup;
  }

  /** Closes every pooled connection (tests, and hosts that stop Relayflow for good). */
  close(): void {
    this.agents.close();
  }

  /** The URL to request, with `params` applied, after the egress policy admitted it. */
  private target(req: HttpRequest): URL {
    const parsed = typeof req.url === 'string' ? parseHttpUrl(req.url) : 'the request has no URL';
    if (typeof parsed === 'string') throw hostNotAllowed(undefined, parsed);
    appendQuery(parsed, req.params);
    this.admit(parsed);
    return parsed;
  }

  /** Refuses a URL (first hop or redirect) that the policy does not allow; nothing is sent. */
  private admit(url: URL, from?: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw hostNotAllowed(url, `only http and https URLs are followed (got ${url.protocol})`, from);
    }
    const refusal = this.settings.policy.refusal(url);
    if (refusal) throw hostNotAllowed(url, refusal, from);
    if (this.settings.denyPrivateNetworks) {
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      if (isIP(host) && isPrivateAddress(host)) throw privateNetworkDenied(url, `${host} is a private, loopback, link-local or metadata address`, from);
    }
  }

  /** Through a proxy our DNS lookup is not used: resolve the name here and check it first. */
  private async checkBeforeProxy(url: URL): Promise<void> {
    let denied: string | undefined;
    try {
      denied = await firstPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''), this.settings.lookup);
    } catch (err) {
      throw privateNetworkDenied(url, `"${url.hostname}" could not be resolved to check it (${(err as NodeJS.ErrnoException).code ?? 'DNS error'})`);
    }
    if (denied) throw privateNetworkDenied(url, `"${url.hostname}" resolves to ${denied}, a private, loopback, link-local or metadata address`);
  }
}

/**
 * What axios merges into every request, cut to what it sends: axios deep-merges its per-method
 * header buckets (`common`, `get`, `post`, ... all empty but `common`'s Accept) into each
 * request's config and flattens them again, and checks its `transitional` options with seven
 * new validator closures each time; together about a third of what one request allocated. The
 * one default header goes in flat (the same header, name and place on the wire), and
 * `transitional` goes: its options concern axios's own adapters and default transforms, none of
 * which this client uses.
 */
function leanDefaults(client: AxiosInstance): void {
  const common = (client.defaults.headers as unknown as { common?: Record<string, unknown> }).common ?? {};
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(common)) if (typeof value === 'string') flat[name] = value;
  client.defaults.headers = flat as unknown as AxiosInstance['defaults']['headers'];
  client.defaults.transitional = undefined;
}
