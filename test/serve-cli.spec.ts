import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from './support/cli';
import { listening, ServedProcesses, type Served } from './support/serve-process';
import { send } from './support/rest-server';
import { tempDir } from './support/temp-dir';

const KEY = 'rfk_test-key-for-the-serve-spec-0123456789';

describe('relayflow serve', function () {
  this.timeout(60_000);
  let dir: string;
  let config: string;
  const processes = new ServedProcesses();

  beforeEach(() => {
    dir = tempDir();
    config = join(dir, 'relayflow.yaml');
    writeFileSync(config, [
      'plugins: []',
      'server:',
      '  apiKeys:',
      '    - { name: ci, key: "${env:RELAYFLOW_API_KEY}", scopes: [read, run, admin] }',
      '  shutdownGrace: 10s',
      '',
    ].join('\n'));
  });

  afterEach(() => processes.killAll());

  const serve = (...extra: string[]): Served => {
    return processes.start(['serve', '--config', config, '--data-dir', join(dir, 'data'), ...extra], dir, KEY);
  };

  it('prints exactly "listening on http://HOST:PORT" on stderr once it accepts requests (--port 0: a free port)', async () => {
    const served = serve('--port', '0');
    const url = await listening(served);
    expect(served.stderr()).to.match(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(url).to.not.match(/:0$/);
    expect(served.stdout()).to.equal('');
    const health = await send(url, 'GET', '/api/health');
    expect(health.body).to.deep.equal({ status: 'ok' });
    process.kill(served.child.pid!, 'SIGTERM');
    expect(await served.exited).to.equal(0);
  });

  it('prints {"url"} on stdout with --json, and listens on --host', async () => {
    const served = serve('--port', '0', '--host', '127.0.0.1', '--json');
    const url = await listening(served);
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(served.stdout())).to.deep.equal({ url });
    process.kill(served.child.pid!, 'SIGINT');
    expect(await served.exited).to.equal(0);
  });

  it('refuses a bad --port with exit code 2', async () => {
    const result = await runCli(['serve', '--config', config, '--data-dir', join(dir, 'data'), '--port', '70000'], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/--port must be a port number/);
  });

  it('on SIGTERM stops accepting, lets a running execution finish within server.shutdownGrace, and exits 0', async () => {
    const served = serve('--port', '0');
    const url = await listening(served);
    const yaml = 'name: slow\ntriggers: [{ type: webhook }]\nsteps:\n  - { name: w, type: wait, with: { duration: 1500ms } }\n  - { name: done, type: console, with: { message: finished } }\n';
    expect((await send(url, 'POST', '/api/workflows', { key: KEY, json: { yaml } })).status).to.equal(201);
    const fired = await send(url, 'POST', '/api/hooks/slow', { key: KEY, json: {} });
    expect(fired.status).to.equal(202);
    const signalledAt = Date.now();
    process.kill(served.child.pid!, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const after = await send(url, 'GET', '/api/health').catch((err: NodeJS.ErrnoException) => ({ status: err.code }));
    expect(after.status).to.be.oneOf([503, 'ECONNREFUSED', 'ECONNRESET']);
    expect(await served.exited).to.equal(0);
    expect(Date.now() - signalledAt).to.be.below(10_000);
    const record = await runCli(['executions', 'get', fired.body.executionId, '--json', '--config', config, '--data-dir', join(dir, 'data')], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
    const execution = JSON.parse(record.stdout);
    expect(execution.status).to.equal('completed');
    expect(execution.steps.map((s: { name: string }) => s.name)).to.deep.equal(['w', 'done']);
    expect(execution.trigger.type).to.equal('webhook');
  });

  it('on SIGTERM leaves an execution still running after server.shutdownGrace for resume, and exits 0', async () => {
    writeFileSync(config, readFileSync(config, 'utf8').replace('shutdownGrace: 10s', 'shutdownGrace: 1s'));
    const served = serve('--port', '0');
    const url = await listening(served);
    // 4s: below the durable-timer threshold (5s), so the server holds it (a longer wait parks, and shutdown has nothing to wait for).
    const yaml = 'name: long\ntriggers: [{ type: webhook }]\nsteps:\n  - { name: w, type: wait, with: { duration: 4s } }\n';
    expect((await send(url, 'POST', '/api/workflows', { key: KEY, json: { yaml } })).status).to.equal(201);
    const fired = await send(url, 'POST', '/api/hooks/long', { key: KEY, json: {} });
    await new Promise((r) => setTimeout(r, 100));
    const signalledAt = Date.now();
    process.kill(served.child.pid!, 'SIGTERM');
    expect(await served.exited).to.equal(0);
    expect(Date.now() - signalledAt).to.be.within(900, 8000);
    const record = await runCli(['executions', 'get', fired.body.executionId, '--json', '--config', config, '--data-dir', join(dir, 'data')], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
    expect(JSON.parse(record.stdout).status).to.equal('running');
  });
});
