import { expect } from 'chai';
import type { LimitRelease, LimitRequest } from '../contracts/connector-limiter';
import { InProcessConnectorLimiter, pacing } from './in-process-connector-limiter';

/** Whether a promise settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a promise rejects with; fails the test when it resolves. */
async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, but it resolved');
}

describe('InProcessConnectorLimiter', () => {
  let limiter: InProcessConnectorLimiter;
  beforeEach(() => { limiter = new InProcessConnectorLimiter(); });
  const request = (extra: Partial<LimitRequest> = {}): LimitRequest => ({ connectorId: 'c1', limits: { concurrency: 1 }, ...extra });

  describe('.acquire', () => {
    it('lets at most `concurrency` actions of a connector hold a slot; a release lets the next one in', async () => {
      const limits = { concurrency: 2 };
      const a = await limiter.acquire(request({ limits }));
      const b = await limiter.acquire(request({ limits }));
      const c = limiter.acquire(request({ limits }));
      expect(await settlesWithin(c, 100)).to.equal(false);
      await a();
      expect(await settlesWithin(c, 1000)).to.equal(true);
      await b();
      await (await c)();
    });

    it('counts each connector on its own', async () => {
      const a = await limiter.acquire(request({ connectorId: 'c1' }));
      const b = await limiter.acquire(request({ connectorId: 'c2' }));
      await Promise.all([a(), b()]);
    });

    it('paces starts to the rate: 10 starts at 5/s take at least 1.8 s, 200 ms apart', async function () {
      this.timeout(10_000);
      const started: number[] = [];
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 10 }, async () => {
        const release = await limiter.acquire(request({ limits: { rate: '5/s' } }));
        started.push(Date.now() - t0);
        await release();
      }));
      started.sort((x, y) => x - y);
      expect(started.at(-1)).to.be.at.least(1790);
      for (let i = 1; i < started.length; i++) expect(started[i] - started[i - 1], `start ${i}`).to.be.at.least(190);
    });

    it('applies both limits together: a free slot waits for the rate, a due start waits for a slot', async function () {
      this.timeout(10_000);
      const limits = { concurrency: 1, rate: '2/s' };
      const t0 = Date.now();
      await (await limiter.acquire(request({ limits })))();
      const b = await limiter.acquire(request({ limits }));
      expect(Date.now() - t0).to.be.at.least(490);
      const c = limiter.acquire(request({ limits }));
      expect(await settlesWithin(c, 800)).to.equal(false);
      await b();
      await (await c)();
    });

    it('ends the wait with the signal\'s reason when it fires, and the slot it waited for goes to the next one', async () => {
      const held = await limiter.acquire(request());
      const abort = new AbortController();
      const waiting = limiter.acquire(request({ signal: abort.signal, executionId: 'e1', stepId: 's1', attempt: 1 }));
      const after = limiter.acquire(request());
      const reason = new Error('the step timed out');
      abort.abort(reason);
      expect(await reasonOf(waiting)).to.equal(reason);
      expect(await settlesWithin(after, 50)).to.equal(false);
      await held();
      await (await after)();
    });

    it('refuses at once, taking no slot, when the signal has fired already', async () => {
      const abort = new AbortController();
      abort.abort(new Error('cancelled'));
      expect(((await reasonOf(limiter.acquire(request({ signal: abort.signal })))) as Error).message).to.equal('cancelled');
      await (await limiter.acquire(request()))();
    });

    it('keeps the slot of a running action whose signal fires until the action releases it', async () => {
      const abort = new AbortController();
      const running = await limiter.acquire(request({ signal: abort.signal }));
      abort.abort();
      const next = limiter.acquire(request());
      expect(await settlesWithin(next, 100)).to.equal(false);
      await running();
      await (await next)();
    });

    it('gives a slot back once however often it is released', async () => {
      const limits = { concurrency: 1 };
      const a = await limiter.acquire(request({ limits }));
      await a();
      await a();
      const b = await limiter.acquire(request({ limits }));
      const c = limiter.acquire(request({ limits }));
      await a();
      expect(await settlesWithin(c, 100)).to.equal(false);
      await b();
      await (await c)();
    });

    it('applies changed limits to the actions that start next', async () => {
      const first = await limiter.acquire(request({ limits: { concurrency: 1 } }));
      const releases: LimitRelease[] = [];
      for (let i = 0; i < 2; i++) releases.push(await limiter.acquire(request({ limits: { concurrency: 2 } })));
      const third = limiter.acquire(request({ limits: { concurrency: 2 } }));
      expect(await settlesWithin(third, 100)).to.equal(false);
      await Promise.all([first(), ...releases.map((r) => r())]);
      await (await third)();
    });
  });

  describe('pacing', () => {
    it('spaces starts evenly over the period, rounding up, and allows the whole count per period above 1000/s', () => {
      expect(pacing({ limitPerPeriod: 5, periodSec: 1 })).to.deep.equal({ interval: 200, intervalCap: 1 });
      expect(pacing({ limitPerPeriod: 3, periodSec: 1 })).to.deep.equal({ interval: 334, intervalCap: 1 });
      expect(pacing({ limitPerPeriod: 5, periodSec: 10 })).to.deep.equal({ interval: 2000, intervalCap: 1 });
      expect(pacing({ limitPerPeriod: 1000, periodSec: 1 })).to.deep.equal({ interval: 1, intervalCap: 1 });
      expect(pacing({ limitPerPeriod: 5000, periodSec: 1 })).to.deep.equal({ interval: 1000, intervalCap: 5000 });
    });
  });
});
