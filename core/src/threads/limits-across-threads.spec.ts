import { expect } from 'chai';
import { rejectionOf } from '../../../test/support/errors';
import { InProcessConnectorLimiter } from '../connectors/in-process-connector-limiter';
import { RelayflowError } from '../errors/relayflow-error';
import { LimitsForThreads, ThreadConnectorLimiter } from './limits-across-threads';
import type { FromThread, ToThread } from './thread-messages';

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Threads whose limiters talk to one main-thread side, messages passed as a MessagePort would (asynchronously). */
function wire(threads: number, mainLimiter = new InProcessConnectorLimiter()) {
  const main = new LimitsForThreads(mainLimiter, silent);
  const limiters: ThreadConnectorLimiter[] = [];
  for (let t = 0; t < threads; t++) {
    const limiter: ThreadConnectorLimiter = new ThreadConnectorLimiter((message: FromThread) => {
      setImmediate(() => main.handle(t, message as Parameters<LimitsForThreads['handle']>[1], (answer: ToThread) => {
        setImmediate(() => limiter.answer(answer as Parameters<ThreadConnectorLimiter['answer']>[0]));
      }));
    });
    limiters.push(limiter);
  }
  return { main, limiters };
}

describe('connector limits across execution threads', () => {
  const request = { connectorId: 'c1', limits: { concurrency: 1 } };

  it('grants one slot at a time over every thread, the next when the holder gives it back', async () => {
    const { limiters: [a, b] } = wire(2);
    const first = await a.acquire(request);
    let second = false;
    const next = b.acquire(request).then((release) => { second = true; return release; });
    for (let i = 0; i < 5; i++) await turn();
    expect(second).to.equal(false);
    await first();
    const release = await next;
    expect(second).to.equal(true);
    await release();
    // Given back once, however often it is called.
    await release();
    await (await a.acquire(request))();
  });

  it('stops waiting when the step is cancelled: the wait ends with the signal\'s reason, and no slot is kept for it', async () => {
    const { limiters: [a, b] } = wire(2);
    const held = await a.acquire(request);
    const controller = new AbortController();
    const waiting = b.acquire({ ...request, signal: controller.signal });
    await turn();
    controller.abort(new Error('cancelled'));
    expect(((await waiting.catch((err: Error) => err)) as Error).message).to.equal('cancelled');
    await held();
    await (await a.acquire(request))();
  });

  it('gives back a slot granted while the step stopped waiting (the grant and the abandon crossing)', async () => {
    const main = new LimitsForThreads(new InProcessConnectorLimiter(), silent);
    const toMain: FromThread[] = [];
    const limiter = new ThreadConnectorLimiter((message) => toMain.push(message));
    const controller = new AbortController();
    const waiting = limiter.acquire({ ...request, signal: controller.signal }).catch(() => 'stopped');
    const answers: ToThread[] = [];
    main.handle(0, toMain.shift() as Parameters<LimitsForThreads['handle']>[1], (answer) => answers.push(answer));
    await turn();
    expect(answers).to.deep.equal([{ granted: 1 }]);
    // The step is cancelled before the grant reaches the thread.
    controller.abort(new Error('cancelled'));
    expect(await waiting).to.equal('stopped');
    main.handle(0, toMain.shift() as Parameters<LimitsForThreads['handle']>[1], () => undefined);
    limiter.answer(answers[0] as Parameters<ThreadConnectorLimiter['answer']>[0]);
    expect(toMain).to.deep.equal([{ release: 1 }]);
    main.handle(0, toMain.shift() as Parameters<LimitsForThreads['handle']>[1], () => undefined);
    // The slot is free again: another thread gets it.
    const again: ToThread[] = [];
    main.handle(1, { acquire: { ticket: 1, ...request } }, (answer) => again.push(answer));
    for (let i = 0; i < 3; i++) await turn();
    expect(again).to.deep.equal([{ granted: 1 }]);
  });

  it('gives back what a thread held when it is gone, and ends what it waited for', async () => {
    const { main, limiters: [a, b] } = wire(2);
    await a.acquire(request);
    let granted = false;
    const next = b.acquire(request).then(() => { granted = true; });
    for (let i = 0; i < 3; i++) await turn();
    main.forget(0);
    await next;
    expect(granted).to.equal(true);
  });

  it('passes on the main thread\'s refusal with its code', async () => {
    const refusing = { acquire: async () => { throw new RelayflowError('VALIDATION_FAILED', 'connector c1: limits.rate "often" is not a rate such as 10/s'); } };
    const { limiters: [a] } = wire(1, refusing as unknown as InProcessConnectorLimiter);
    const err = await rejectionOf(a.acquire(request));
    expect(err.code).to.equal('VALIDATION_FAILED');
    expect(err.message).to.contain('limits.rate');
  });
});
