import { expect } from 'chai';
import { createRelayflow } from '@relayflow/core';
import httpPlugin from '@relayflow/plugin-http';
import { closeEgressClients, egressClient, rejection } from './support/egress';
import { testCertificates } from './support/certificates';
import { blockEventLoop, startKeepAliveServer, type KeepAliveAnswer, type KeepAliveServer } from './support/keep-alive-server';
import { tempDir } from './support/temp-dir';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('EgressHttpClient keep-alive connections', () => {
  let server: KeepAliveServer | undefined;

  afterEach(async () => {
    closeEgressClients();
    await server?.close();
    server = undefined;
  });

  describe('a server that announces Keep-Alive: timeout=1', () => {
    it('reuses the connection within the announced time and a new one after it, even when the event loop was busy past it', async () => {
      server = await startKeepAliveServer({ keepAliveMs: 1000, announce: true });
      const http = egressClient();
      const first = await http.request<KeepAliveAnswer>({ url: server.url });
      expect(first.headers['keep-alive']).to.equal('timeout=1');
      expect((await http.request<KeepAliveAnswer>({ url: server.url })).data.connections).to.equal(1);

      blockEventLoop(1500);
      const afterBusy = await http.request<KeepAliveAnswer>({ method: 'POST', url: server.url, data: { n: 1 } });
      expect(afterBusy.status).to.equal(200);
      expect(afterBusy.data).to.include({ connections: 2, method: 'POST' });
      expect(afterBusy.data.seen.POST).to.equal(1);
    });

  });

  describe('a server that announces Keep-Alive: timeout=2', () => {
    it('closes an idle connection itself a second before the server would', async () => {
      server = await startKeepAliveServer({ keepAliveMs: 2000, announce: true });
      await egressClient().request({ url: server.url });
      expect(await server.openConnections()).to.equal(1);
      await sleep(1300);
      expect(await server.openConnections()).to.equal(0);
    });
  });

  describe('a server that closes idle connections after 1 s without saying so', () => {
    it('sends GET and PUT again on a new connection when the reused one turns out closed', async () => {
      server = await startKeepAliveServer({ keepAliveMs: 1000, announce: false });
      const http = egressClient();
      await http.request({ url: server.url });
      blockEventLoop(3000);
      const get = await http.request<KeepAliveAnswer>({ url: server.url });
      expect(get.status).to.equal(200);
      expect(get.data).to.include({ connections: 2, method: 'GET' });

      await sleep(50);
      blockEventLoop(3000);
      const put = await http.request<KeepAliveAnswer>({ method: 'PUT', url: server.url, data: { v: 2 } });
      expect(put.data).to.include({ connections: 3, method: 'PUT' });
      expect(put.data.seen.PUT).to.equal(1);
    });

    it('sends a GET again over TLS too', async () => {
      server = await startKeepAliveServer({ keepAliveMs: 1000, announce: false, tls: testCertificates().server });
      const http = egressClient({ ssl: { verificationMode: 'none' } });
      await http.request({ url: server.url });
      blockEventLoop(3000);
      const get = await http.request<KeepAliveAnswer>({ url: server.url });
      expect(get.data).to.include({ connections: 2, method: 'GET' });
    });

    it('never sends a POST twice: written to a connection the server closed, it fails as a network error', async () => {
      server = await startKeepAliveServer({ keepAliveMs: 1000, announce: false });
      const http = egressClient();
      await http.request({ url: server.url });
      blockEventLoop(3000);
      const err = await rejection(http.request({ method: 'POST', url: server.url, data: { once: true } }), 'NETWORK_ERROR');
      expect(err.message).to.contain('ECONNRESET');
      const next = await http.request<KeepAliveAnswer>({ method: 'POST', url: server.url, data: { once: true } });
      expect(next.data.seen.POST).to.equal(1);
    });
  });

  describe('Relayflow.stop', () => {
    it('closes the connections a workflow left in the pool (the lifecycle stops the egress client), long before the server would', async () => {
      server = await startKeepAliveServer({ keepAliveMs: 60_000, announce: false });
      const rf = await createRelayflow({ plugins: [httpPlugin], dataDir: tempDir(), env: {}, config: { networking: { allowedHosts: ['127.0.0.1'] } } });
      try {
        const record = await rf.run(`name: pooled\nsteps:\n  - { name: get, type: http, with: { url: "${server.url}" } }\n`);
        expect(record.status, JSON.stringify(record.error)).to.equal('completed');
        expect(await server.openConnections()).to.equal(1);
      } finally {
        await rf.stop();
      }
      const deadline = Date.now() + 2_000;
      while (await server.openConnections() > 0 && Date.now() < deadline) await sleep(20);
      expect(await server.openConnections()).to.equal(0);
    });
  });
});
