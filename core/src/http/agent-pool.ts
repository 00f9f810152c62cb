import { Agent as HttpAgent, type AgentOptions, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import type { Socket } from 'node:net';
import type { HttpProxyAgent as HttpProxyAgentType } from 'http-proxy-agent';
import type { HttpsProxyAgent as HttpsProxyAgentType, HttpsProxyAgentOptions } from 'https-proxy-agent';
import type { TlsOptions } from '../contracts/http-client';
import { canonicalOrigin, type EgressSettings } from './egress-settings';
import { effectivePort } from './host-policy';
import { withIdleExpiry } from './idle-sockets';
import { guardedLookup } from './private-network';
import { connectionTlsOptions, tlsOptionsKey } from './tls-options';

/** Most agents kept; the least recently used one beyond this is dropped (its idle sockets closed). */
const MAX_AGENTS = 256;
const DirectHttpAgent = withIdleExpiry(HttpAgent);
const DirectHttpsAgent = withIdleExpiry(HttpsAgent);

/**
 * Connection agents shared by every request of a Relayflow: one per origin, route (direct or
 * through the proxy), keep-alive choice and TLS settings, reused across steps and executions so
 * connections stay warm. Keys hold a digest of the TLS settings, never key material in clear.
 */
export class AgentPool {
  private readonly agents = new Map<string, HttpAgent>();
  private lastKey = '';

  constructor(private readonly settings: EgressSettings) {}

  /** True when a request to `url` goes through the configured proxy (proxyBypassHosts / proxyOnlyHosts). */
  usesProxy(url: URL): boolean {
    const proxy = this.settings.proxy;
    if (!proxy) return false;
    if (proxy.bypass?.allows(url.hostname, effectivePort(url))) return false;
    if (proxy.only && !proxy.only.allows(url.hostname, effectivePort(url))) return false;
    return true;
  }

  /** The agent for a request to `url` with these TLS settings (created on first use). */
  agentFor(url: URL, proxied: boolean, tls: TlsOptions | undefined, keepAlive: boolean): HttpAgent {
    const key = `${url.protocol}//${url.host}|${proxied ? 'p' : 'd'}${keepAlive ? 'k' : 'c'}|${tlsOptionsKey(tls)}`;
    let agent = this.agents.get(key);
    if (agent) {
      if (key !== this.lastKey) {
        this.agents.delete(key);
        this.agents.set(key, agent);
        this.lastKey = key;
      }
      return agent;
    }
    agent = this.create(url, proxied, tls, keepAlive);
    this.agents.set(key, agent);
    this.lastKey = key;
    if (this.agents.size > MAX_AGENTS) {
      const [oldestKey, oldest] = this.agents.entries().next().value as [string, HttpAgent];
      this.agents.delete(oldestKey);
      closeIdleSockets(oldest);
    }
    return agent;
  }

  /** Closes every agent's sockets. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private create(url: URL, proxied: boolean, tls: TlsOptions | undefined, keepAlive: boolean): HttpAgent {
    const base: AgentOptions = { keepAlive, scheduling: 'lifo' };
    const secure = url.protocol === 'https:';
    const { settings } = this;
    const targetTls = secure ? connectionTlsOptions(settings.tls, settings.customHosts.get(canonicalOrigin(url) ?? ''), tls) : undefined;
    if (proxied && settings.proxy) {
      const proxy = settings.proxy;
      const proxyTls = proxy.url.protocol === 'https:'
        ? connectionTlsOptions({ verificationMode: proxy.verificationMode, ca: settings.tls.ca }, settings.customHosts.get(canonicalOrigin(proxy.url) ?? ''), undefined)
        : {};
      const options = { ...base, ...proxyTls, headers: proxy.headers };
      const agents = proxyAgents();
      return secure ? new agents.Tunneling(proxy.url, options, targetTls ?? {}) : new agents.HttpProxyAgent(proxy.url, options);
    }
    const lookup = settings.denyPrivateNetworks ? { lookup: guardedLookup(settings.lookup) } : {};
    return secure ? new DirectHttpsAgent({ ...base, ...targetTls, ...lookup }) : new DirectHttpAgent({ ...base, ...lookup });
  }
}

type TunnelingAgentClass = new (proxy: URL, options: HttpsProxyAgentOptions<string>, targetTls: ConnectionOptions) => HttpsProxyAgentType<string>;
let loaded: { HttpProxyAgent: typeof HttpProxyAgentType; Tunneling: TunnelingAgentClass } | undefined;

/** The proxy agents, loaded only when a proxy is configured and used. */
function proxyAgents(): { HttpProxyAgent: typeof HttpProxyAgentType; Tunneling: TunnelingAgentClass } {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HttpProxyAgent } = require('http-proxy-agent') as typeof import('http-proxy-agent');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HttpsProxyAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
    /**
     * An `https-proxy-agent` that applies the target's TLS settings (verification mode, CAs,
     * client certificate) to the TLS session it opens through the proxy's CONNECT tunnel.
     */
    class TunnelingAgent extends withIdleExpiry(HttpsProxyAgent<string>) {
      constructor(proxy: URL, options: HttpsProxyAgentOptions<string>, private readonly targetTls: ConnectionOptions) {
        super(proxy, options);
      }

      override connect(req: ClientRequest, options: Parameters<HttpsProxyAgentType<string>['connect']>[1]): Promise<Socket> {
        return super.connect(req, { ...options, ...this.targetTls } as typeof options);
      }
    }
    loaded = { HttpProxyAgent: withIdleExpiry(HttpProxyAgent), Tunneling: TunnelingAgent };
  }
  return loaded;
}

function closeIdleSockets(agent: HttpAgent): void {
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}
