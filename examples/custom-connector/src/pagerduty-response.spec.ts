import { expect } from 'chai';
import { acceptedOf, rejectionReason } from './pagerduty-response';

describe('reading PagerDuty answers defensively', () => {
  describe('rejectionReason', () => {
    it('reads errors in every shape: a list of strings (documented), of objects, an object of fields, a string', () => {
      expect(rejectionReason({ errors: ["'payload.summary' is missing", ' second '] })).to.equal("'payload.summary' is missing; second");
      expect(rejectionReason({ errors: [{ message: 'bad severity' }, { code: 7 }, 3, null, ''] })).to.equal('bad severity; {"code":7}; 3');
      expect(rejectionReason({ errors: { 'payload.summary': 'is missing', routing_key: ['is invalid', 'is too short'], other: { message: 'no' } } }))
        .to.equal('payload.summary: is missing; routing_key: is invalid, is too short; other: no');
      expect(rejectionReason({ errors: 'Event object is invalid' })).to.equal('Event object is invalid');
    });

    it('falls back to message, then an excerpt of whatever the body is, then a sentence', () => {
      expect(rejectionReason({ errors: null, message: 'Event object is invalid' })).to.equal('Event object is invalid');
      expect(rejectionReason({ errors: [], message: 42 })).to.equal('{"errors":[],"message":42}');
      expect(rejectionReason('<html><body>400 Bad Request</body></html>')).to.equal('<html><body>400 Bad Request</body></html>');
      expect(rejectionReason(['a', 'list'])).to.equal('["a","list"]');
      expect(rejectionReason(null)).to.equal('the event was refused, and the answer gave no reason');
      expect(rejectionReason('')).to.equal('the event was refused, and the answer gave no reason');
      expect(rejectionReason(Buffer.from('raw bytes'))).to.equal('raw bytes');
    });

    it('stays short, and never fails on odd values', () => {
      expect(rejectionReason({ errors: ['x'.repeat(5000)] })).to.have.length(201);
      let deep: unknown = 'bottom';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      expect(rejectionReason({ errors: [deep] })).to.equal('(an unreadable value)');
      expect(rejectionReason(JSON.parse('{"errors":{"constructor":"c","__proto__":"p"}}'))).to.equal('constructor: c; __proto__: p');
    });
  });

  describe('acceptedOf', () => {
    it('keeps the text fields of a 202 and nothing else', () => {
      expect(acceptedOf({ status: 'success', message: 'Event processed', dedup_key: 'k' })).to.deep.equal({ status: 'success', message: 'Event processed', dedupKey: 'k' });
      expect(acceptedOf({ status: 1, dedup_key: { k: 1 } })).to.deep.equal({});
      for (const body of [null, '', 'accepted', ['x'], 7]) expect(acceptedOf(body)).to.deep.equal({});
      expect(acceptedOf(JSON.parse('{"constructor":"x","toString":"y"}'))).to.deep.equal({});
    });
  });
});
