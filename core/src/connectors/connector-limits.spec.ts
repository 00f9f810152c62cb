import { expect } from 'chai';
import { checkConnectorLimits, parseConnectorRate } from './connector-limits';
import { describeLimits } from './describe-limits';

describe('connector limits', () => {
  describe('parseConnectorRate', () => {
    it('reads N/s, N/min, N/h and N/<k>s|m|h as a count per period in seconds', () => {
      expect(parseConnectorRate('10/s')).to.deep.equal({ limitPerPeriod: 10, periodSec: 1 });
      expect(parseConnectorRate('100/min')).to.deep.equal({ limitPerPeriod: 100, periodSec: 60 });
      expect(parseConnectorRate('1000/h')).to.deep.equal({ limitPerPeriod: 1000, periodSec: 3600 });
      expect(parseConnectorRate('5/10s')).to.deep.equal({ limitPerPeriod: 5, periodSec: 10 });
      expect(parseConnectorRate('30/5m')).to.deep.equal({ limitPerPeriod: 30, periodSec: 300 });
      expect(parseConnectorRate('2/2h')).to.deep.equal({ limitPerPeriod: 2, periodSec: 7200 });
    });

    it('takes the longer unit names, any case, and spaces around the slash', () => {
      expect(parseConnectorRate('3/sec')).to.deep.equal({ limitPerPeriod: 3, periodSec: 1 });
      expect(parseConnectorRate('3/second')).to.deep.equal({ limitPerPeriod: 3, periodSec: 1 });
      expect(parseConnectorRate('3/m')).to.deep.equal({ limitPerPeriod: 3, periodSec: 60 });
      expect(parseConnectorRate('3/minute')).to.deep.equal({ limitPerPeriod: 3, periodSec: 60 });
      expect(parseConnectorRate('3/hour')).to.deep.equal({ limitPerPeriod: 3, periodSec: 3600 });
      expect(parseConnectorRate(' 20 / MIN ')).to.deep.equal({ limitPerPeriod: 20, periodSec: 60 });
    });

    it('refuses what is not a count per period, a zero count or period, and periods over a day', () => {
      for (const text of ['', '10', '10/', '/s', '10/x', '10/ss', '1.5/s', '-1/s', '0/s', '5/0s', '10/s/s', 's/10', '1/25h', '1/86401s', '1/2d']) {
        expect(parseConnectorRate(text), text).to.equal(undefined);
      }
      expect(parseConnectorRate('1/24h')).to.deep.equal({ limitPerPeriod: 1, periodSec: 86_400 });
      for (const value of [10, null, undefined, { rate: '1/s' }]) expect(parseConnectorRate(value)).to.equal(undefined);
    });
  });

  describe('checkConnectorLimits', () => {
    it('returns the limits with only the keys set, and none for undefined, null, {} and null keys', () => {
      expect(checkConnectorLimits({ concurrency: 2, rate: '10/s' })).to.deep.equal({ ok: true, limits: { concurrency: 2, rate: '10/s' } });
      expect(checkConnectorLimits({ rate: ' 5/10s ' })).to.deep.equal({ ok: true, limits: { rate: '5/10s' } });
      for (const none of [undefined, null, {}, { concurrency: null, rate: null }]) {
        expect(checkConnectorLimits(none), JSON.stringify(none)).to.deep.equal({ ok: true, limits: undefined });
      }
    });

    it('names the field and what it takes when a value is wrong', () => {
      const messages = (value: unknown, base?: Array<string | number>): string[] => {
        const checked = checkConnectorLimits(value, base);
        return checked.ok ? [] : checked.problems.map((p) => p.message);
      };
      expect(messages({ concurrency: 0 })).to.deep.equal(['limits.concurrency must be a whole number of at least 1: the most actions of the connector in flight at once (got 0)']);
      expect(messages({ concurrency: 1.5 })[0]).to.match(/^limits\.concurrency must be a whole number of at least 1.*\(got 1\.5\)$/);
      expect(messages({ concurrency: '2' })[0]).to.match(/^limits\.concurrency must be a whole number.*\(got "2"\)$/);
      expect(messages({ rate: '10 per second' })).to.deep.equal([
        'limits.rate must be a count per period such as 10/s, 100/min, 1000/h or 5/10s (5 per 10 seconds), with a period of at most 24h (got "10 per second")',
      ]);
      expect(messages({ rate: 10 })[0]).to.match(/^limits\.rate must be a count per period.*\(got 10\)$/);
      expect(messages({ concurency: 2 })).to.deep.equal(['limits.concurency: unknown key "concurency"; expected one of: concurrency, rate']);
      expect(messages('10/s')).to.deep.equal(['limits must be an object']);
      expect(messages({ rate: 'x' }, ['connectors', 0, 'limits'])[0]).to.match(/^connectors\[0\]\.limits\.rate must be/);
    });

    it('gives every problem its field path', () => {
      const checked = checkConnectorLimits({ concurrency: -1, rate: 'fast' });
      expect(checked.ok).to.equal(false);
      if (!checked.ok) expect(checked.problems.map((p) => p.path)).to.deep.equal([['limits', 'concurrency'], ['limits', 'rate']]);
    });
  });

  describe('describeLimits', () => {
    it('says the limits in words', () => {
      expect(describeLimits({ concurrency: 2, rate: '10/s' })).to.equal('concurrency 2, rate 10/s');
      expect(describeLimits({ rate: '10/s' })).to.equal('rate 10/s');
      expect(describeLimits(undefined)).to.equal('none');
    });
  });
});
