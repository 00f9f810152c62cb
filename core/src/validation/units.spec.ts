import { expect } from 'chai';
import { MAX_DURATION_MS, parseByteSize, parseDuration, timerMs } from './units';

describe('units', () => {
  describe('parseDuration', () => {
    it('reads durations with units', () => {
      expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('5m'), parseDuration('2h'), parseDuration('1d'), parseDuration('1w')])
        .to.deep.equal([500, 30_000, 300_000, 7_200_000, 86_400_000, 604_800_000]);
    });

    it('refuses text without a unit, garbage, and anything a timer cannot wait for', () => {
      expect([parseDuration('30'), parseDuration('soon'), parseDuration(30), parseDuration('25d'), parseDuration('9999999d')])
        .to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
      expect(parseDuration('24d')).to.be.below(MAX_DURATION_MS);
    });
  });

  describe('timerMs', () => {
    it('caps a wait at the longest timer and turns negatives and NaN into 0', () => {
      expect([timerMs(1500), timerMs(2 ** 31), timerMs(Infinity), timerMs(-5), timerMs(NaN)])
        .to.deep.equal([1500, MAX_DURATION_MS, MAX_DURATION_MS, 0, 0]);
    });
  });

  describe('parseByteSize', () => {
    it('reads sizes and plain byte counts', () => {
      expect([parseByteSize('1mb'), parseByteSize('512kb'), parseByteSize(2048), parseByteSize('lots')]).to.deep.equal([1_048_576, 524_288, 2048, undefined]);
    });
  });
});
