import axios, { type AxiosResponse } from 'axios';
import { inject, injectable } from 'inversify';
import type { HttpRequest, HttpResponse } from '../contracts/http-client';
import { RelayflowError } from '../contracts/relayflow-error';
import { Config, type HttpClient } from '../tokens';
import { durationMs } from '../validation/units';
import { parseByteSize } from '../validation/units';
import { HostPolicy, parseHttpUrl, stripCredentials } from './host-policy';

/**
 * The egress client (minimal first version): allowed hosts on the final URL, response timeout,
 * caller's AbortSignal, response size limit. Resolves for every HTTP status.
 */
@injectable()
export class EgressHttpClient implements HttpClient {
  private readonly policy: HostPolicy;
  private readonly responseTimeout: number;
  private readonly maxContentLength: number;

  constructor(@inject(Config) config: Config) {
    this.policy = new HostPolicy(config.networking.allowedHosts);
    this.responseTimeout = durationMs(config.networking.responseTimeout);
    this.maxContentLength = parseByteSize(config.networking.maxResponseContentLength) ?? 1024 * 1024;
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = finalUrl(req);
    const refusal = this.policy.check(url);
    if (refusal) throw new RelayflowError('HOST_NOT_ALLOWED', `request refused, nothing was sent: ${refusal}`);
    const timeout = Math.min(req.timeout ?? this.responseTimeout, this.responseTimeout);
    const timer = AbortSignal.timeout(timeout);
    const signal = req.signal ? AbortSignal.any([req.signal, timer]) : timer;
    let res: AxiosResponse;
    try {
      res = await axios.request({
        method: req.method ?? 'GET',
        url,
        headers: req.headers as Record<string, string>,
        data: req.data,
        signal,
        maxContentLength: this.maxContentLength,
        maxRedirects: req.followRedirects === false ? 0 : req.maxRedirects ?? 5,
        validateStatus: () => true,
        responseType: req.responseType === 'arraybuffer' ? 'arraybuffer' : 'text',
        transformResponse: (data) => data,
      });
    } catch (err) {
      if (req.signal?.aborted) throw new RelayflowError('HTTP_ABORTED', `request to ${stripCredentials(url)} was aborted`, { cause: err });
      if (timer.aborted) throw new RelayflowError('HTTP_TIMEOUT', `no response from ${stripCredentials(url)} within ${timeout}ms`, { cause: err });
      throw new RelayflowError('NETWORK_ERROR', `request to ${stripCredentials(url)} failed: ${(err as Error).message}`, { cause: err });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    let data: unknown = res.data;
    if (req.responseType !== 'text' && req.responseType !== 'arraybuffer' && typeof data === 'string' && /json/i.test(headers['content-type'] ?? '')) {
      try { data = JSON.parse(data); } catch { /* keep the text */ }
    }
    return { status: res.status, statusText: res.statusText, headers, data: data as T };
  }
}

function finalUrl(req: HttpRequest): string {
  const parsed = parseHttpUrl(req.url);
  if (typeof parsed === 'string') throw new RelayflowError('VALIDATION_FAILED', parsed);
  for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined && v !== null) parsed.searchParams.append(k, String(v));
  return parsed.toString();
}
