// Local stand-ins for the seed's http examples, for `npm run demo`. The examples call public
// hosts (api.thirdparty.com, hooks.example.com) over HTTPS and must run unchanged, so the demo
// does what a network would: its config sends those two hosts through a forward proxy
// (`proxyOnlyHosts`), the proxy tunnels them to a local HTTPS server whose certificate names
// them, and `customHostSettings` trusts the demo CA for exactly those hosts. The connector
// example (security-response-api) talks to a plain local stand-in.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import { serverCertificate, testCertificates } from '../../../test/support/certificates';
import { startForwardProxy, type ForwardProxy } from '../../../test/support/forward-proxy';
import { sendJson, startTestServer, type TestServer } from '../../../test/support/test-server';

/** The hosts of the seed's http examples. */
export const SEED_HTTP_HOSTS = ['api.thirdparty.com', 'hooks.example.com'];

/** The running stand-ins, the environment the demo config reads, and what they received. */
export interface HttpStandIns {
  env: Record<string, string>;
  received(): string[];
  close(): Promise<void>;
}

const RESPONSE_API_KEY = 'demo-response-api-key';

/** Starts the HTTPS site, the proxy and the response API; writes the demo CA into `dir`. */
export async function startHttpStandIns(dir: string): Promise<HttpStandIns> {
  const site: TestServer = await startTestServer((req, res) => {
    if (req.method === 'GET' && req.path === '/v1/data') sendJson(res, 200, { data: [{ id: 1, verdict: 'benign' }], host: req.headers.host });
    else if (req.method === 'POST' && req.path.startsWith('/services/')) sendJson(res, 200, { ok: true });
    else sendJson(res, 404, { error: 'not found' });
  }, { tls: serverCertificate(SEED_HTTP_HOSTS) });
  const proxy: ForwardProxy = await startForwardProxy({
    route: (host, port) => (SEED_HTTP_HOSTS.includes(host) && port === 443 ? { host: '127.0.0.1', port: site.port } : undefined),
  });
  const responseApi: StandIn = await startStandIn({
    // Like the real API, it wants the key the connector keeps as a secret header.
    'POST /v1/response-actions/isolate': (req) => (req.headers['x-api-key'] !== RESPONSE_API_KEY
      ? { status: 401, body: { error: 'missing or wrong X-Api-Key' } }
      : { status: 201, body: { id: 'ra-0001', status: 'pending', endpoint_id: (req.json as { endpoint_id?: string })?.endpoint_id } }),
  });
  const caFile = join(dir, 'demo-ca.pem');
  writeFileSync(caFile, testCertificates().ca.cert);
  return {
    env: {
      DEMO_PROXY_URL: proxy.url,
      DEMO_CA_FILE: caFile,
      DEMO_RESPONSE_API_URL: responseApi.url,
      DEMO_RESPONSE_API_KEY: RESPONSE_API_KEY,
    },
    received: () => [
      ...site.requests.map((r) => `https ${r.headers.host}: ${r.method} ${r.path}${r.body ? ` ${r.body}` : ''} (via the proxy)`),
      ...responseApi.requests.map((r) => `response api: ${r.method} ${r.path} ${r.body}`),
    ],
    close: async () => {
      await Promise.all([site.close(), proxy.close(), responseApi.close()]);
    },
  };
}
