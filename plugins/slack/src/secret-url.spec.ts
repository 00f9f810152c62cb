import { expect } from 'chai';
import { RelayflowError } from '@relayflow/sdk';
import { parseSecretUrl, scrubbedError, scrubSecretUrl } from './secret-url';

const URL_TEXT = 'https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX';

describe('parseSecretUrl', () => {
  it('accepts absolute http(s) URLs', () => {
    expect((parseSecretUrl(` ${URL_TEXT} `) as URL).hostname).to.equal('hooks.slack.com');
  });

  it('refuses other input with a message that does not repeat it', () => {
    for (const bad of ['hooks.slack.com/services/T000/B000/XXXXsecretXXXX', 'ftp://h/XXXXsecretXXXX', 'XXXXsecretXXXX']) {
      const message = parseSecretUrl(bad);
      expect(message).to.be.a('string');
      expect(message).not.to.include('XXXXsecretXXXX');
    }
  });
});

describe('scrubSecretUrl', () => {
  it('replaces the URL and its path, keeping the origin', () => {
    expect(scrubSecretUrl(`request to ${URL_TEXT} failed`, URL_TEXT)).to.equal('request to https://hooks.slack.com/[redacted] failed');
    expect(scrubSecretUrl('GET /services/T000/B000/XXXXsecretXXXX: 404', URL_TEXT)).to.equal('GET /[redacted]: 404');
    expect(scrubSecretUrl('connect ECONNREFUSED 127.0.0.1:443', URL_TEXT)).to.equal('connect ECONNREFUSED 127.0.0.1:443');
  });
});

describe('scrubbedError', () => {
  it('keeps the RelayflowError code, drops the cause, and scrubs the message', () => {
    const original = new RelayflowError('NETWORK_ERROR', `request to ${URL_TEXT} failed: ECONNRESET`, { cause: new Error(URL_TEXT) });
    const err = scrubbedError(original, URL_TEXT, 'error posting slack message') as RelayflowError;
    expect(RelayflowError.is(err)).to.equal(true);
    expect(err.code).to.equal('NETWORK_ERROR');
    expect(err.message).to.equal('error posting slack message: request to https://hooks.slack.com/[redacted] failed: ECONNRESET');
    expect(err.cause).to.equal(undefined);
  });
});
