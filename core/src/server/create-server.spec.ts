import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../contracts/logger';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { createServer, type CreateServerOptions, type RelayflowServer } from './create-server';

const KEY = 'rfk_unit-test-key-0123456789abcdef';

/** A logger keeping every line with its fields (children add theirs). */
function recordingLogger(lines: Array<Record<string, unknown>>, fields: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (msg: string, more?: Record<string, unknown>) => { lines.push({ level, msg, ...fields, ...more }); };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (f) => recordingLogger(lines, { ...fields, ...f }) };
}

describe('createServer', () => {
  let dataDir: string;
  let rf: Relayflow;
  let server: RelayflowServer | undefined;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relayflow-server-'));
    rf = await createRelayflow({ plugins: [], dataDir, env: {} });
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rf.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (options: CreateServerOptions): Promise<string> => {
    server = await createServer(rf, {
      port: 0, authenticate: async (key) => (key === KEY ? { name: 'unit', scopes: ['read', 'run', 'admin'] } : undefined), ...options,
    });
    return server.listen();
  };

  it('logs each request through the core logger with its request id, never the key or a secret', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const url = await start({ logger: recordingLogger(lines) });
    const res = await fetch(`${url}/api/connectors`, {
      method: 'POST', headers: { authorization: `ApiKey ${KEY}`, 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: JSON.stringify({ type: 'none-such', name: 'x', secrets: { token: 'very-secret-token-value' } }),
    });
    expect(res.headers.get('x-request-id')).to.equal('req-42');
    await fetch(`${url}/api/connectors`, { headers: { authorization: 'ApiKey wrong-key-value' } });
    const line = lines.find((l) => l.msg === 'request' && l.reqId === 'req-42');
    expect(line).to.include({ method: 'POST', url: '/api/connectors', status: 400, apiKey: 'unit', component: 'rest-server' });
    const text = JSON.stringify(lines);
    expect(text).to.not.include(KEY).and.not.include('very-secret-token-value').and.not.include('wrong-key-value');
    expect(lines.filter((l) => l.msg === 'request').every((l) => typeof l.reqId === 'string')).to.equal(true);
  });

  it('cuts off a client that does not finish its headers or its body in time', async () => {
    const url = new URL(await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 }));
    const cutOff = (text: string) => new Promise<{ ms: number; answer: string }>((resolve, reject) => {
      const begun = Date.now();
      let answer = '';
      const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
      socket.on('data', (d) => { answer += d; });
      socket.on('error', reject);
      socket.on('close', () => resolve({ ms: Date.now() - begun, answer }));
    });
    const headers = await cutOff('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(headers.ms).to.be.below(3000);
    expect(headers.answer).to.match(/^HTTP\/1\.1 408/);
    const body = await cutOff(`POST /api/hooks/x HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`);
    expect(body.ms).to.be.below(3000);
    expect(body.answer).to.match(/^HTTP\/1\.1 408/);
  });

  it('on close lets a request in flight finish, answers the next one on its connection 503 SHUTTING_DOWN and refuses new connections', async () => {
    const url = new URL(await start({ shutdownGraceMs: 5000 }));
    const yaml = 'name: slow\nsteps:\n  - { name: w, type: wait, with: { duration: 400ms } }\n';
    const run = JSON.stringify({ yaml, wait: true });
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    let answers = '';
    socket.on('data', (d) => { answers += d; });
    const ended = new Promise((resolve) => socket.once('close', resolve));
    // A run that waits 400 ms; once the server is closing, a second request on the same connection.
    socket.write(`POST /api/workflows/run HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(run)}\r\n\r\n${run}`);
    await new Promise((r) => setTimeout(r, 100));
    const closing = server!.close();
    socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
    const refused = await fetch(`${url.origin}/api/health`).then((r) => r.status, (err: Error & { cause?: { code?: string } }) => err.cause?.code);
    expect(refused).to.equal('ECONNREFUSED');
    await closing;
    await ended;
    const [first, second] = answers.split(/(?=HTTP\/1\.1 )/);
    expect(first).to.match(/^HTTP\/1\.1 200/).and.include('"status":"completed"');
    expect(second).to.match(/^HTTP\/1\.1 503/).and.include('"code":"SHUTTING_DOWN"');
  });
});
