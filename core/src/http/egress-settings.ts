import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { VerificationMode } from '../contracts/http-client';
import type { NetworkingSettings, SslSettings } from '../config/relayflow-config';
import { durationMs, parseByteSize } from '../validation/units';
import { HostPolicy } from './host-policy';
import { systemLookup, type DnsLookup } from './private-network';

/** TLS settings of one scope (global, one custom host): a verification mode and extra CAs. */
export interface TlsScope {
  verificationMode?: VerificationMode;
  /** PEM certificate authorities trusted in addition to Node's bundled roots. */
  ca: string[];
}

/** Where to send requests through a forward proxy, and for which hosts. */
export interface ProxySettings {
  url: URL;
  headers?: Record<string, string>;
  /** Hosts that never use the proxy. */
  bypass?: HostPolicy;
  /** When set, only these hosts use the proxy. */
  only?: HostPolicy;
  /** TLS verification of an https proxy itself. */
  verificationMode: VerificationMode;
}

/** `networking` resolved once: durations in ms, sizes in bytes, CA files read, hosts indexed. */
export interface EgressSettings {
  policy: HostPolicy;
  denyPrivateNetworks: boolean;
  responseTimeoutMs: number;
  maxResponseContentLength: number;
  tls: TlsScope & { verificationMode: VerificationMode };
  /** By canonical origin `https://host:port`. */
  customHosts: Map<string, TlsScope>;
  proxy?: ProxySettings;
  /** How names are resolved for the private-network check. */
  lookup: DnsLookup;
}

/** A problem with the networking settings, with its config path. */
export interface SettingsProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * Resolves `networking` for the egress client. CA files are read here, once (relative paths from
 * `baseDir`, the config file's directory).
 * @returns the settings and every problem found (unreadable CA files, bad proxy lists)
 */
export function resolveEgressSettings(networking: NetworkingSettings, baseDir: string): { settings: EgressSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const global = tlsScope(networking.ssl, ['networking', 'ssl'], baseDir, problems);
  const customHosts = new Map<string, TlsScope>();
  networking.customHostSettings.forEach((host, i) => {
    const origin = canonicalOrigin(host.url);
    if (!origin) {
      problems.push({ path: ['networking', 'customHostSettings', i, 'url'], message: `"${host.url}" is not an https URL` });
      return;
    }
    if (customHosts.has(origin)) {
      problems.push({ path: ['networking', 'customHostSettings', i, 'url'], message: `${origin} is already configured by an earlier customHostSettings entry` });
      return;
    }
    customHosts.set(origin, tlsScope(host.ssl, ['networking', 'customHostSettings', i, 'ssl'], baseDir, problems));
  });
  let proxy: ProxySettings | undefined;
  if (networking.proxyUrl) {
    if (networking.proxyBypassHosts?.length && networking.proxyOnlyHosts?.length) {
      problems.push({ path: ['networking', 'proxyOnlyHosts'], message: 'proxyBypassHosts and proxyOnlyHosts cannot be used together; keep one of them' });
    }
    proxy = {
      url: new URL(networking.proxyUrl),
      headers: networking.proxyHeaders,
      bypass: networking.proxyBypassHosts?.length ? new HostPolicy(networking.proxyBypassHosts) : undefined,
      only: networking.proxyOnlyHosts?.length ? new HostPolicy(networking.proxyOnlyHosts) : undefined,
      verificationMode: networking.proxyVerificationMode ?? 'full',
    };
  }
  return {
    problems,
    settings: {
      policy: new HostPolicy(networking.allowedHosts),
      denyPrivateNetworks: networking.denyPrivateNetworks,
      responseTimeoutMs: durationMs(networking.responseTimeout),
      maxResponseContentLength: parseByteSize(networking.maxResponseContentLength) ?? 1024 * 1024,
      tls: { ...global, verificationMode: global.verificationMode ?? 'full' },
      customHosts,
      proxy,
      lookup: systemLookup,
    },
  };
}

/** `https://host:port` with the default port made explicit, or undefined for a non-https URL. */
export function canonicalOrigin(url: string | URL): string | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  return `https://${parsed.hostname.toLowerCase()}:${parsed.port || '443'}`;
}

function tlsScope(ssl: SslSettings | undefined, path: Array<string | number>, baseDir: string, problems: SettingsProblem[]): TlsScope {
  const ca: string[] = [];
  (ssl?.certificateAuthoritiesFiles ?? []).forEach((file, i) => {
    const full = isAbsolute(file) ? file : resolve(baseDir, file);
    try {
      ca.push(readFileSync(full, 'utf8'));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      problems.push({ path: [...path, 'certificateAuthoritiesFiles', i], message: `cannot read certificate authority file ${full}: ${reason}` });
    }
  });
  if (ssl?.certificateAuthoritiesData) ca.push(ssl.certificateAuthoritiesData);
  return { verificationMode: ssl?.verificationMode, ca };
}
