import { expect } from 'chai';
import { IsOptional, IsString } from 'class-validator';
import { tempDir } from '../../../test/support/temp-dir';
import { ok } from '../contracts/action-result';
import { ConnectorLimiter, type LimitRelease, type LimitRequest } from '../contracts/connector-limiter';
import { defineConnectorType } from '../contracts/connector-type';
import { definePlugin } from '../contracts/plugin';
import { createContainer, createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';

class Empty {}
class Params { @IsOptional() @IsString() note?: string; }

/** A limiter that records what it is asked and lets everything through, or holds it while `hold` is set. */
class RecordingLimiter implements ConnectorLimiter {
  readonly requests: LimitRequest[] = [];
  released = 0;
  hold?: Promise<void>;

  async acquire(request: LimitRequest): Promise<LimitRelease> {
    this.requests.push(request);
    if (this.hold) {
      const { signal } = request;
      await new Promise<void>((resolve, reject) => {
        void this.hold?.then(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return async () => { this.released++; };
  }
}

describe('ActionExecutor with connector limits', () => {
  let rf: Relayflow;
  let limiter: RecordingLimiter;
  let ran = 0;

  const probe = defineConnectorType({
    id: 'probe-limits', name: 'Probe', config: Empty, secrets: Empty, defaultAction: 'call',
    actions: {
      call: { params: Params, async execute() { ran++; return ok({ ran }); } },
      boom: { params: Params, async execute() { throw new Error('the action broke'); } },
    },
    async test() { ran++; return ok({ tested: true }); },
  });

  before(async () => {
    limiter = new RecordingLimiter();
    const container = createContainer();
    container.bind<ConnectorLimiter>(ConnectorLimiter).toConstantValue(limiter);
    rf = await createRelayflow({
      container,
      plugins: [definePlugin({ id: 'probe-limits', sdk: '^1.0.0', setup: ({ registerConnectorType }) => registerConnectorType(probe) })],
      dataDir: tempDir(), env: {}, config: {
        encryptionKey: 'action-executor-limits-key-0123456789ab',
        connectors: [{ id: 'pre-limited', name: 'pre-limited', type: 'probe-limits', limits: { concurrency: 3 } }],
      },
    });
    await rf.connectors.create({ type: 'probe-limits', name: 'limited', id: 'limited-id', limits: { concurrency: 2, rate: '10/s' } });
    await rf.connectors.create({ type: 'probe-limits', name: 'free' });
  });

  after(async () => rf.stop());
  beforeEach(() => {
    limiter.requests.length = 0;
    limiter.released = 0;
    limiter.hold = undefined;
  });

  it('never asks the limiter for a connector without limits', async () => {
    expect(await rf.executeAction({ type: 'probe-limits', connector: 'free', params: {} })).to.deep.include({ status: 'ok' });
    expect(await rf.testConnector('free')).to.deep.include({ status: 'ok' });
    const record = await rf.run('name: free\nsteps:\n  - { name: a, type: probe-limits, connector-id: free }\n');
    expect(record.status).to.equal('completed');
    expect(limiter.requests).to.deep.equal([]);
  });

  it('acquires for a workflow step with its execution, step and attempt, and releases once it ends', async () => {
    const record = await rf.run('name: limited\nsteps:\n  - { name: a, type: probe-limits, connector-id: limited }\n');
    expect(record.status).to.equal('completed');
    expect(limiter.requests).to.have.length(1);
    const [request] = limiter.requests;
    expect(request).to.deep.include({ connectorId: 'limited-id', limits: { concurrency: 2, rate: '10/s' }, executionId: record.id, stepId: record.steps[0].stepId, attempt: 1 });
    expect(request.signal).to.be.instanceOf(AbortSignal);
    expect(limiter.released).to.equal(1);
  });

  it('acquires for one-off actions (connectors execute and test) without an execution, and for preconfigured connectors', async () => {
    await rf.executeAction({ type: 'probe-limits', connector: 'limited', params: {} });
    await rf.testConnector('limited');
    await rf.testConnector('pre-limited');
    expect(limiter.requests.map((r) => [r.connectorId, r.limits, r.executionId, r.stepId, r.attempt])).to.deep.equal([
      ['limited-id', { concurrency: 2, rate: '10/s' }, undefined, undefined, undefined],
      ['limited-id', { concurrency: 2, rate: '10/s' }, undefined, undefined, undefined],
      ['pre-limited', { concurrency: 3 }, undefined, undefined, undefined],
    ]);
    expect(limiter.released).to.equal(3);
  });

  it('releases when the action fails', async () => {
    const result = await rf.executeAction({ type: 'probe-limits', action: 'boom', connector: 'limited', params: {} });
    expect(result).to.deep.include({ status: 'error', message: 'the action broke' });
    expect(limiter.released).to.equal(1);
  });

  it('does not run the action when the signal fires while it waits, and says so', async () => {
    let open = (): void => undefined;
    limiter.hold = new Promise((resolve) => { open = resolve; });
    const abort = new AbortController();
    const before = ran;
    const pending = rf.executeAction({ type: 'probe-limits', connector: 'limited', params: {}, signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort();
    const result = await pending;
    open();
    expect(result).to.deep.include({ status: 'error', retry: false, message: 'the action did not start: it was cancelled while waiting for its turn under the limits of connector "limited"' });
    expect(ran).to.equal(before);
    expect(limiter.released).to.equal(0);
  });

  it('fails a step whose timeout passes while it waits for its turn, without running it', async () => {
    limiter.hold = new Promise(() => undefined);
    const before = ran;
    const record = await rf.run('name: waits\nsteps:\n  - { name: a, type: probe-limits, connector-id: limited, timeout: 200ms }\n');
    expect(record.status).to.equal('failed');
    expect(record.steps[0].error?.type).to.match(/timeout/i);
    expect(ran).to.equal(before);
  });
});
