import { expect } from 'chai';
import { RelayflowError } from '../errors/relayflow-error';
import {
  bodyExcerpt, describeResponse, httpErrorResult, isSuccess, parseRetryAfter, requestErrorResult, retryFor, serviceMessageOf,
} from './response-classification';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const res = (status: number, headers: Record<string, string> = {}, data: unknown = '') => ({ status, statusText: 'S', headers, data });

describe('response classification', () => {
  describe('parseRetryAfter', () => {
    it('reads delta-seconds', () => {
      expect(parseRetryAfter({ 'retry-after': '120' }, NOW)?.getTime()).to.equal(NOW + 120_000);
      expect(parseRetryAfter({ 'retry-after': ' 0 ' }, NOW)?.getTime()).to.equal(NOW);
    });

    it('reads IMF-fixdate, RFC 850 and asctime HTTP-dates', () => {
      expect(parseRetryAfter({ 'retry-after': 'Thu, 15 Jan 2026 12:00:30 GMT' }, NOW)?.getTime()).to.equal(NOW + 30_000);
      expect(parseRetryAfter({ 'retry-after': 'Thursday, 15-Jan-26 12:01:00 GMT' }, NOW)?.getTime()).to.equal(NOW + 60_000);
      expect(parseRetryAfter({ 'retry-after': 'Thu Jan 15 12:00:10 2026' }, NOW)).to.be.instanceOf(Date);
    });

    it('caps far-off times and never returns the past', () => {
      expect(parseRetryAfter({ 'retry-after': '86400' }, NOW)?.getTime()).to.equal(NOW + 5 * 60_000);
      expect(parseRetryAfter({ 'retry-after': '86400' }, NOW, 1000)?.getTime()).to.equal(NOW + 1000);
      expect(parseRetryAfter({ 'retry-after': 'Wed, 14 Jan 2026 12:00:00 GMT' }, NOW)?.getTime()).to.equal(NOW);
    });

    it('ignores absent and unreadable values', () => {
      for (const v of ['', '1.5', '-3', 'soon', '2026-01-15']) expect(parseRetryAfter({ 'retry-after': v }, NOW), v).to.equal(undefined);
      expect(parseRetryAfter({}, NOW)).to.equal(undefined);
    });
  });

  describe('retryFor', () => {
    it('retries 429 and 5xx (at Retry-After when given) and nothing else', () => {
      expect(retryFor(res(429))).to.equal(true);
      expect(retryFor(res(429, { 'retry-after': '5' }))).to.be.instanceOf(Date);
      expect(retryFor(res(503, { 'retry-after': '5' }))).to.be.instanceOf(Date);
      expect(retryFor(res(500))).to.equal(true);
      for (const status of [400, 401, 403, 404, 409, 422]) expect(retryFor(res(status)), String(status)).to.equal(false);
      expect(isSuccess(res(204))).to.equal(true);
      expect(isSuccess(res(302))).to.equal(false);
    });
  });

  describe('bodyExcerpt', () => {
    it('never splits a [REDACTED] at the cut: it cuts before it', () => {
      for (let pad = 185; pad <= 200; pad++) {
        const excerpt = bodyExcerpt(`${'x'.repeat(pad)}[REDACTED] and more text after it`);
        expect(excerpt.length, `pad ${pad}`).to.be.at.most(201);
        expect(excerpt.endsWith('…')).to.equal(true);
        expect(excerpt.replace(/^x+/, ''), `pad ${pad}`).to.be.oneOf(['…', '[REDACTED]…', '[REDACTED] …', '[REDACTED] and…'].concat(
          Array.from({ length: 20 }, (_v, i) => `[REDACTED]${' and more text after it'.slice(0, i + 1)}…`)));
      }
    });
  });

  describe('messages', () => {
    it('carries status, status text and a short excerpt', () => {
      expect(describeResponse({ status: 503, statusText: 'Service Unavailable', data: { message: 'down' } })).to.equal('503 Service Unavailable — {"message":"down"}');
      expect(bodyExcerpt('x'.repeat(500))).to.have.length(201);
      expect(serviceMessageOf({ error: { code: 7 } })).to.equal('{"code":7}');
      expect(serviceMessageOf({ message: 'bad input' })).to.equal('bad input');
      const result = httpErrorResult(res(502, {}, 'gateway'), 'error calling x');
      expect(result).to.deep.include({ status: 'error', message: 'error calling x: 502 S — gateway', retry: true });
    });

    it('takes the service\'s reason from common error fields and Jira-style errorMessages / errors', () => {
      expect(serviceMessageOf({ error: 'invalid_client', error_description: 'bad secret' })).to.equal('bad secret');
      expect(serviceMessageOf({ error: { message: 'quota exceeded', code: 429 } })).to.equal('quota exceeded');
      expect(serviceMessageOf({ errorMessages: ['Issue does not exist'], errors: {} })).to.equal('Issue does not exist');
      expect(serviceMessageOf({ errorMessages: [' a ', ''], errors: { summary: 'Field required', labels: ['no spaces', 'too long'], n: 3 } }))
        .to.equal('a; summary: Field required; labels: no spaces, too long; n: 3');
      expect(serviceMessageOf({ message: 'Validation Failed', errors: [{ field: 'title', message: 'missing' }, 'other'] })).to.equal('Validation Failed; missing; other');
      expect(serviceMessageOf('{"errorMessages":["sent as text/plain"]}')).to.equal('sent as text/plain');
      expect(serviceMessageOf({ errorMessages: [], errors: {} })).to.equal('{"errorMessages":[],"errors":{}}');
      expect(serviceMessageOf('<html>Bad Gateway</html>')).to.equal('<html>Bad Gateway</html>');
      expect(serviceMessageOf({ errors: { f: 'x'.repeat(300) } })).to.have.length(201);
      expect(serviceMessageOf('')).to.equal(undefined);
    });

    it('turns egress rejections into error results, retryable for network errors and timeouts only', () => {
      expect(requestErrorResult(new RelayflowError('NETWORK_ERROR', 'boom'), 'x').retry).to.equal(true);
      expect(requestErrorResult(new RelayflowError('HTTP_TIMEOUT', 'slow'), 'x').retry).to.equal(true);
      for (const code of ['HOST_NOT_ALLOWED', 'PRIVATE_NETWORK_DENIED', 'RESPONSE_TOO_LARGE', 'HTTP_ABORTED', 'TLS_ERROR'] as const) {
        expect(requestErrorResult(new RelayflowError(code, 'no'), 'x'), code).to.deep.include({ retry: false, message: 'x: no' });
      }
      expect(() => requestErrorResult(new TypeError('bug'), 'x')).to.throw(TypeError);
    });
  });
});
