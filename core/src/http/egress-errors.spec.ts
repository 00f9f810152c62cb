import { expect } from 'chai';
import { requestFailure, type FailureContext } from './egress-errors';

const context = (): FailureContext => ({ url: new URL('https://api.example.com/v1/x?token=abc'), timeoutMs: 60_000, timeoutSetting: 'networking.responseTimeout', maxResponseContentLength: 1024 });
const nodeError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('requestFailure', () => {
  it('makes certificate and client-certificate failures TLS_ERROR (not retried), naming the settings', () => {
    for (const err of [
      nodeError('CERT_HAS_EXPIRED', 'certificate has expired'),
      nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      nodeError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required'),
      nodeError('ERR_OSSL_BAD_DECRYPT', 'error:1C800064:Provider routines::bad decrypt'),
      nodeError('ERR_OSSL_UNSUPPORTED', 'error:1E08010C:DECODER routines::unsupported'),
    ]) {
      const failure = requestFailure(err, context());
      expect(failure.code, err.message).to.equal('TLS_ERROR');
      expect(failure.message).to.contain('api.example.com').and.not.contain('token=abc');
    }
  });

  it('says a key that cannot be decrypted or decoded is the client certificate, however OpenSSL words it', () => {
    // A wrong passphrase fails AES-CBC's padding check (bad decrypt) or, when the padding passes by
    // chance, the decoding of what came out (DECODER routines::unsupported).
    for (const err of [nodeError('ERR_OSSL_BAD_DECRYPT', 'error:1C800064:Provider routines::bad decrypt'), nodeError('ERR_OSSL_UNSUPPORTED', 'error:1E08010C:DECODER routines::unsupported')]) {
      expect(requestFailure(err, context()).message, err.message).to.contain('cannot use the client certificate');
    }
  });

  it('keeps a handshake that was cut off, and other transport failures, retryable NETWORK_ERRORs', () => {
    for (const err of [
      nodeError('EPROTO', 'C0D7:error:0A000126:SSL routines::unexpected eof while reading'),
      nodeError('ECONNRESET', 'socket hang up'),
      nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:443'),
    ]) {
      expect(requestFailure(err, context()).code, err.message).to.equal('NETWORK_ERROR');
    }
  });
});
