import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, PEM. */
export interface KeyPair {
  cert: string;
  key: string;
}

/** Everything a TLS test needs, generated fresh for the test run. */
export interface TestCertificates {
  /** The test CA: signs every certificate below. */
  ca: KeyPair;
  /** A server certificate for `localhost` and `127.0.0.1`. */
  server: KeyPair;
  /** A server certificate for `other.invalid` only: right chain, wrong name for 127.0.0.1. */
  wrongHost: KeyPair;
  /** A client certificate for mutual TLS. */
  client: KeyPair;
  /**
   * The client's private key encrypted with {@link keyPassphrase} (AES-256-CBC): as PKCS#8
   * (`BEGIN ENCRYPTED PRIVATE KEY`) and in OpenSSL's traditional form (`BEGIN RSA PRIVATE KEY`
   * with `Proc-Type: 4,ENCRYPTED`), both as Kibana users bring them.
   */
  clientEncryptedKey: { pkcs8: string; traditional: string };
  keyPassphrase: string;
  /** The client certificate and key as PKCS#12, protected by {@link pfxPassphrase}. */
  clientPfx: Buffer;
  pfxPassphrase: string;
  /** A self-signed certificate no CA vouches for. */
  selfSigned: KeyPair;
}

let generated: (TestCertificates & { caIssued: Issued }) | undefined;

/**
 * A CA with server and client certificates, generated once per test process (keys by Node's
 * crypto, certificates by node-forge, so no openssl binary is needed).
 */
export function testCertificates(): TestCertificates {
  generated ??= generate();
  return generated;
}

/** A server certificate for `names` (DNS names), signed by the test CA. */
export function serverCertificate(names: string[]): KeyPair {
  generated ??= generate();
  return pem(issue({ commonName: names[0], altNames: names.map((value) => ({ type: 2, value })), usage: 'serverAuth', issuer: generated.caIssued }));
}

function generate(): TestCertificates & { caIssued: Issued } {
  const ca = issue({ commonName: 'Relayflow Test CA', isCa: true });
  const server = issue({ commonName: 'localhost', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }], usage: 'serverAuth', issuer: ca });
  const wrongHost = issue({ commonName: 'other.invalid', altNames: [{ type: 2, value: 'other.invalid' }], usage: 'serverAuth', issuer: ca });
  const client = issue({ commonName: 'relayflow-test-client', usage: 'clientAuth', issuer: ca });
  const selfSigned = issue({ commonName: 'localhost', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }], usage: 'serverAuth' });
  const pfxPassphrase = `pfx-${randomBytes(6).toString('hex')}`;
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(client.key),
    [forge.pki.certificateFromPem(client.cert), forge.pki.certificateFromPem(ca.cert)],
    pfxPassphrase,
    { algorithm: '3des' },
  );
  const clientPfx = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
  const keyPassphrase = `key-${randomBytes(6).toString('hex')}`;
  const clientKey = createPrivateKey(client.key);
  const encrypted = (type: 'pkcs8' | 'pkcs1') => clientKey.export({ type, format: 'pem', cipher: 'aes-256-cbc', passphrase: keyPassphrase }).toString();
  const clientEncryptedKey = { pkcs8: encrypted('pkcs8'), traditional: encrypted('pkcs1') };
  return {
    ca: pem(ca), server: pem(server), wrongHost: pem(wrongHost), client: pem(client), clientEncryptedKey, keyPassphrase,
    clientPfx, pfxPassphrase, selfSigned: pem(selfSigned), caIssued: ca,
  };
}

interface Issued extends KeyPair {
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

function issue(options: { commonName: string; isCa?: boolean; altNames?: object[]; usage?: 'serverAuth' | 'clientAuth'; issuer?: Issued }): Issued {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const subject = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.forgeCert.subject.attributes : subject);
  const extensions: object[] = [];
  if (options.isCa) {
    extensions.push({ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  } else {
    extensions.push({ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
    if (options.usage === 'serverAuth') extensions.push({ name: 'extKeyUsage', serverAuth: true });
    if (options.usage === 'clientAuth') extensions.push({ name: 'extKeyUsage', clientAuth: true });
  }
  if (options.altNames) extensions.push({ name: 'subjectAltName', altNames: options.altNames });
  extensions.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.forgeKey ?? forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keyPem, forgeCert: cert, forgeKey };
}

function pem(issued: Issued): KeyPair {
  return { cert: issued.cert, key: issued.key };
}
