import { expect } from 'chai';
import { MAX_DURATION_MS } from '../../validation/units';
import type { RetryPolicy } from '../../contracts/compiled-workflow';
import { retryDelay } from './retry-delay';

const policy = (p: Partial<RetryPolicy>): RetryPolicy => ({ maxAttempts: 5, delayMs: 100, strategy: 'fixed', multiplier: 2, jitter: false, ...p });

describe('retryDelay', () => {
  it('waits delay every time with strategy fixed', () => {
    expect([1, 2, 3].map((n) => retryDelay(policy({}), n))).to.deep.equal([100, 100, 100]);
  });

  it('multiplies the delay each retry with strategy exponential, capped at max-delay', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(policy({ strategy: 'exponential', multiplier: 3 }), n))).to.deep.equal([100, 300, 900, 2700]);
    expect([1, 2, 3, 4].map((n) => retryDelay(policy({ strategy: 'exponential', maxDelayMs: 500 }), n))).to.deep.equal([100, 200, 400, 500]);
  });

  it('spreads the wait between half and all of it with jitter', () => {
    expect(retryDelay(policy({ jitter: true }), 1, undefined, 0, () => 0)).to.equal(50);
    expect(retryDelay(policy({ jitter: true }), 1, undefined, 0, () => 0.999999)).to.equal(100);
  });

  it('waits until a connector\'s retry-at, capped at max-delay or else 5 minutes', () => {
    const now = 1_000_000;
    expect(retryDelay(policy({}), 1, new Date(now + 2500), now)).to.equal(2500);
    expect(retryDelay(policy({}), 1, new Date(now - 10), now)).to.equal(0);
    expect(retryDelay(policy({ maxDelayMs: 1000 }), 1, new Date(now + 2500), now)).to.equal(1000);
    expect(retryDelay(policy({}), 1, new Date(now + 3_600_000), now)).to.equal(300_000);
  });

  it('caps a fixed strategy\'s retry-at at max-delay too', () => {
    const now = 1_000_000;
    expect(retryDelay(policy({ strategy: 'fixed', delayMs: 100, maxDelayMs: 2000 }), 1, new Date(now + 60_000), now)).to.equal(2000);
    expect(retryDelay(policy({ strategy: 'fixed', delayMs: 100, maxDelayMs: 2000 }), 3)).to.equal(100);
  });

  it('never waits longer than a timer can (2^31-1 ms), however far exponential growth goes', () => {
    const day = 86_400_000;
    const growing = policy({ strategy: 'exponential', delayMs: day, multiplier: 10 });
    expect(retryDelay(growing, 1)).to.equal(day);
    expect(retryDelay(growing, 2)).to.equal(10 * day);
    expect(retryDelay(growing, 3)).to.equal(MAX_DURATION_MS);
    expect(retryDelay(growing, 400)).to.equal(MAX_DURATION_MS); // 10^399 days is Infinity
    const jittered = { ...growing, jitter: true };
    for (const r of [0, 0.5, 0.999999]) {
      const wait = retryDelay(jittered, 400, undefined, 0, () => r);
      expect(wait).to.be.within(MAX_DURATION_MS / 2, MAX_DURATION_MS);
    }
    expect(retryDelay(policy({ maxDelayMs: 40 * day }), 1, new Date(100 * day), 0)).to.equal(MAX_DURATION_MS);
  });
});
