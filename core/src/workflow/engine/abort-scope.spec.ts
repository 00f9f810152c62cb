import { expect } from 'chai';
import { ScopeAborted, sleep, timeoutSignal } from './abort-scope';

const TIMEOUT = { type: 'StepTimeout', message: 'too slow', retryable: true };

describe('abort scope', () => {
  describe('sleep', () => {
    it('waits a wait longer than 2^31-1 ms instead of firing after 1 ms, until aborted', async () => {
      const controller = new AbortController();
      let settled = false;
      const waiting = sleep(40 * 86_400_000, controller.signal).then(() => { settled = true; });
      await new Promise((r) => setTimeout(r, 30));
      expect(settled).to.equal(false);
      controller.abort();
      try {
        await waiting;
        expect.fail('should reject');
      } catch (err) {
        expect(err).to.be.instanceOf(ScopeAborted);
      }
    });
  });

  describe('timeoutSignal', () => {
    it('does not abort at once for a timeout longer than 2^31-1 ms', async () => {
      const timed = timeoutSignal(new AbortController().signal, 2 ** 32, TIMEOUT);
      await new Promise((r) => setTimeout(r, 30));
      expect(timed.signal.aborted).to.equal(false);
      timed.dispose();
    });

    it('aborts with the reason when the time passes', async () => {
      const timed = timeoutSignal(new AbortController().signal, 5, TIMEOUT);
      await new Promise((r) => setTimeout(r, 30));
      expect(timed.signal.reason).to.deep.equal(TIMEOUT);
      timed.dispose();
    });
  });
});
