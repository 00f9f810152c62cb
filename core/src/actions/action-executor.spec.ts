import { expect } from 'chai';
import { IsString } from 'class-validator';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { ok } from '../contracts/action-result';
import { defineConnectorType } from '../contracts/connector-type';
import { definePlugin } from '../contracts/plugin';
import { RelayflowError } from '../errors/relayflow-error';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';

class Config { @IsString() url!: string; }
class Secrets { @IsString() apiKey!: string; }
class Empty {}

const probe = defineConnectorType({
  id: 'probe-exec', name: 'Probe', config: Config, secrets: Secrets, defaultAction: 'call',
  actions: {
    call: {
      params: Empty,
      async execute({ config, secrets, http, signal }) {
        const res = await http.request({ url: `${config.url}/start`, headers: { 'x-api-key': `key ${secrets.apiKey}`, 'x-trace': 't-1' }, signal });
        return ok(res.data);
      },
    },
    bigint: { params: Empty, async execute() { return ok({ n: 10n, nested: [1n] }); } },
    cyclic: { params: Empty, async execute() { const a: Record<string, unknown> = {}; a.self = a; return ok(a); } },
    refuse: {
      params: Empty,
      async execute({ secrets }) { throw new RelayflowError('VALIDATION_FAILED', `bad input near ${secrets.apiKey}`); },
    },
  },
});

function listen(handler: (path: string, headers: IncomingHttpHeaders) => { status: number; headers?: Record<string, string>; body?: unknown }): Promise<{ server: Server; url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const reply = handler(req.url ?? '/', req.headers);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

describe('ActionExecutor', () => {
  let rf: Relayflow;
  let other: Awaited<ReturnType<typeof listen>>;
  let first: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    other = await listen(() => ({ status: 200, body: { landed: true } }));
    // Another origin: "localhost" instead of 127.0.0.1.
    const elsewhere = other.url.replace('127.0.0.1', 'localhost');
    first = await listen(() => ({ status: 302, headers: { location: `${elsewhere}/landing` } }));
    rf = await createRelayflow({
      plugins: [definePlugin({ id: 'probe-exec', sdk: '^1.0.0', setup: ({ registerConnectorType }) => registerConnectorType(probe) })],
      dataDir: tempDir(), env: {}, config: { encryptionKey: 'action-executor-test-key-0123456789ab' },
    });
    await rf.connectors.create({ type: 'probe-exec', name: 'p', config: { url: first.url }, secrets: { apiKey: 'super-secret-api-key' } });
  });

  after(async () => {
    await rf.stop();
    first.server.close();
    other.server.close();
  });

  it('treats a header carrying a connector secret as sensitive: a redirect to another origin drops it', async () => {
    const result = await rf.executeAction({ type: 'probe-exec', connector: 'p', params: {} });
    expect(result).to.deep.equal({ status: 'ok', data: { landed: true } });
    expect(first.seen[0]['x-api-key']).to.equal('key super-secret-api-key');
    expect(other.seen[0]).to.not.have.property('x-api-key');
    expect(other.seen[0]['x-trace']).to.equal('t-1');
  });

  it('turns output into plain JSON: BigInt as text, and a value JSON cannot hold into an error result', async () => {
    expect(await rf.executeAction({ type: 'probe-exec', action: 'bigint', connector: 'p', params: {} })).to.deep.equal({ status: 'ok', data: { n: '10', nested: ['1'] } });
    const cyclic = await rf.executeAction({ type: 'probe-exec', action: 'cyclic', connector: 'p', params: {} });
    expect(cyclic).to.deep.include({ status: 'error', retry: false });
    expect(cyclic.status === 'error' && cyclic.message).to.match(/output that is not JSON/);
  });

  it('redacts secrets from errors an action throws', async () => {
    const err = await rejectionOf(rf.executeAction({ type: 'probe-exec', action: 'refuse', connector: 'p', params: {} }));
    expect(err.code).to.equal('VALIDATION_FAILED');
    expect(err.message).to.equal('bad input near [REDACTED]');
  });
});
