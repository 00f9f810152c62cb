import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

/** Certificates made for one test run: a CA, a server cert for 127.0.0.1, a client cert (PEM and PKCS#12). */
export interface TestCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The client cert and key as PKCS#12, protected by {@link pfxPassphrase}. */
  clientPfx: Buffer;
  pfxPassphrase: string;
  /** A client cert from a CA the server does not trust. */
  strangerCert: string;
  strangerKey: string;
}

/** True when the openssl command is available to make certificates. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes fresh certificates with the openssl command (EC P-256 keys, valid one day). */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'cases-webhook-tls-'));
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const key = (name: string): void => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  try {
    for (const ca of ['ca', 'stranger-ca']) {
      key(ca);
      ssl('req', '-x509', '-new', '-key', `${ca}.key`, '-subj', `/CN=Relayflow ${ca}`, '-days', '1', '-out', `${ca}.crt`);
    }
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    const issue = (name: string, cn: string, ca: string, ext: string): void => {
      key(name);
      ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', `${name}.crt`);
    };
    issue('server', '127.0.0.1', 'ca', 'server.ext');
    issue('client', 'relayflow-client', 'ca', 'client.ext');
    issue('stranger', 'stranger-client', 'stranger-ca', 'client.ext');
    const pfxPassphrase = 'pfx-pass-9f2c1e';
    ssl('pkcs12', '-export', '-inkey', 'client.key', '-in', 'client.crt', '-out', 'client.p12', '-passout', `pass:${pfxPassphrase}`);
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    return {
      caCert: read('ca.crt'), serverCert: read('server.crt'), serverKey: read('server.key'),
      clientCert: read('client.crt'), clientKey: read('client.key'),
      clientPfx: readFileSync(join(dir, 'client.p12')), pfxPassphrase,
      strangerCert: read('stranger.crt'), strangerKey: read('stranger.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A request the HTTPS stand-in answered, with the client certificate's CN when one was sent. */
export interface HttpsRequest {
  method: string;
  path: string;
  clientCn?: string;
  body: string;
}

/** An HTTPS stand-in on 127.0.0.1 that asks for client certificates signed by the test CA. */
export interface HttpsStandIn {
  url: string;
  requests: HttpsRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTPS server with the test server certificate. With `requireClientCert`, a TLS
 * handshake without a client certificate from the test CA is refused.
 */
export async function startHttpsStandIn(
  certs: TestCertificates,
  options: { requireClientCert: boolean },
  answer: (req: HttpsRequest) => { status: number; body?: unknown },
): Promise<HttpsStandIn> {
  const requests: HttpsRequest[] = [];
  const server: Server = createServer({
    key: certs.serverKey, cert: certs.serverCert, ca: certs.caCert,
    requestCert: options.requireClientCert, rejectUnauthorized: options.requireClientCert,
  }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate?.();
      const recorded: HttpsRequest = {
        method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8'),
        clientCn: peer && peer.subject ? String(peer.subject.CN) : undefined,
      };
      requests.push(recorded);
      const reply = answer(recorded);
      const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, payload ? { 'content-type': 'application/json' } : {});
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
