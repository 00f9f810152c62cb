import { expect } from 'chai';
import { startStandIn, createTestRelayflow, type StandIn, type StandInReply, type TestRelayflow } from '@relayflow/sdk/testing';
import type { ExecutionRecord, StepRecord } from '@relayflow/core';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startHangingServer, type HangingServer } from './fixtures/workflows/servers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('./fixtures/workflows/plugins/probe');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const echoPlugin = require('./fixtures/plugins/echo');

const steps = (record: ExecutionRecord, name?: string): StepRecord[] => record.steps.filter((s) => name === undefined || s.name === name);

describe('WorkflowEngine', () => {
  let api: StandIn;
  let rf: TestRelayflow;

  beforeEach(async () => {
    api = await startStandIn({ '/ok': { body: { hello: 'world', items: [1, 2, 3] } } });
    rf = await createTestRelayflow({ plugins: [probePlugin], connectors: [{ type: 'probe', name: 'api', config: { url: api.url } }] });
  });

  afterEach(async () => {
    await rf.stop();
    await api.close();
  });

  describe('steps and context', () => {
    it('runs steps in order and lets later steps read steps.NAME.output, inputs, consts, variables and event', async () => {
      const record = await rf.runWorkflow(`
name: context
inputs: [{ name: count, type: number, default: 2 }]
consts: { team: secops }
steps:
  - name: fetch
    type: probe
    connector-id: api
    with: { path: /ok }
  - name: remember
    type: data.set
    with: { first: "\${{ steps.fetch.output.data.items }}", label: "{{ consts.team }}-{{ inputs.count }}" }
  - name: report
    type: probe.echo
    with:
      text: "{{ event.name }} {{ steps.fetch.output.data.hello }} {{ steps.fetch.output.data.items.length }} {{ variables.label }}"
      count: "\${{ inputs.count }}"
      tags: "\${{ event.tags }}"
`, { event: { name: 'disk', tags: ['a', 'b'] } });
      expect(record.status).to.equal('completed');
      expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['fetch', 'completed', 1], ['remember', 'completed', 1], ['report', 'completed', 1]]);
      expect(record.steps[1].output).to.deep.equal({ first: [1, 2, 3], label: 'secops-2' });
      expect(record.steps[2].output).to.deep.equal({ text: 'disk world 3 secops-2', count: 2, tags: ['a', 'b'] });
      expect(api.requests.map((r) => r.path)).to.deep.equal(['/ok']);
    });

    it('runs if blocks (steps or else) and skips steps whose if is false', async () => {
      const record = await rf.runWorkflow(`
name: branches
steps:
  - name: check
    type: if
    condition: "event.severity: critical and event.count > 3"
    steps:
      - { name: loud, type: console, with: { message: "critical!" } }
    else:
      - { name: quiet, type: console, with: { message: "fine" } }
  - name: guarded
    type: console
    if: "event.host: web-*"
    with: { message: never }
  - name: typed
    type: console
    if: "\${{ event.flag }}"
    with: { message: "flag on" }
`, { event: { severity: 'low', count: 9, host: 'db-1', flag: true } });
      expect(record.steps.map((s) => [s.name, s.status])).to.deep.equal([['check', 'completed'], ['quiet', 'completed'], ['guarded', 'skipped'], ['typed', 'completed']]);
      expect(record.steps[0].output).to.deep.equal({ condition: false });
      expect(record.steps[2].attempts).to.equal(0);
    });

    it('runs a step-level foreach once per item, one record each, with foreach.item/index/total', async () => {
      const record = await rf.runWorkflow(`
name: loop
steps:
  - name: each
    type: probe.echo
    foreach: "{{ event.hosts }}"
    with: { text: "{{ foreach.item }} {{ foreach.index }}/{{ foreach.total }}" }
  - name: literal
    type: console
    foreach: [x, y]
    with: { message: "{{ foreach.item }}" }
  - name: last
    type: console
    with: { message: "{{ steps.each.output.text }}" }
`, { event: { hosts: ['web-1', 'web-2', 'web-3'] } });
      expect(steps(record, 'each').map((s) => [s.foreachIndex, (s.output as { text: string }).text])).to.deep.equal([[0, 'web-1 0/3'], [1, 'web-2 1/3'], [2, 'web-3 2/3']]);
      expect(steps(record, 'literal').map((s) => s.output)).to.deep.equal(['x', 'y']);
      expect(steps(record, 'last')[0].output).to.equal('web-3 2/3');
    });

    it('runs foreach blocks; nested steps carry the iteration index', async () => {
      const record = await rf.runWorkflow(`
name: block
steps:
  - name: per_host
    type: foreach
    foreach: '["a", "b"]'
    steps:
      - { name: greet, type: console, with: { message: "hi {{ foreach.item }}" } }
`);
      expect(record.steps.map((s) => [s.name, s.status, s.foreachIndex, s.output])).to.deep.equal([
        ['per_host', 'completed', undefined, { items: 2 }],
        ['greet', 'completed', 0, 'hi a'],
        ['greet', 'completed', 1, 'hi b'],
      ]);
    });

    it('treats an empty or missing foreach as skipped, and fails on a value that is not an array', async () => {
      const record = await rf.runWorkflow(`
name: odd-loops
steps:
  - { name: empty, type: console, foreach: "\${{ event.none }}", with: { message: x } }
  - { name: missing, type: console, foreach: "{{ event.nothing }}", with: { message: x } }
  - name: empty_block
    type: foreach
    foreach: "[]"
    steps: [{ name: inner, type: console, with: { message: x } }]
  - { name: json_text, type: console, foreach: "{{ event.json }}", with: { message: "{{ foreach.item }}" } }
  - { name: scalar, type: console, foreach: "{{ event.text }}", with: { message: x }, on-failure: { continue: true } }
  - { name: object, type: console, foreach: "{{ event.obj }}", with: { message: x } }
  - { name: after, type: console, with: { message: x } }
`, { event: { none: [], text: 'abc', obj: { a: 1 }, json: '["j1", "j2"]' } });
      expect(record.steps.map((s) => [s.name, s.status])).to.deep.equal([
        ['empty', 'skipped'], ['missing', 'skipped'], ['empty_block', 'completed'], ['json_text', 'completed'], ['json_text', 'completed'],
        ['scalar', 'failed'], ['object', 'failed'],
      ]);
      expect(steps(record, 'json_text').map((s) => s.output)).to.deep.equal(['j1', 'j2']);
      expect(record.steps[5].error).to.deep.include({ type: 'ForeachError', retryable: false });
      expect(record.steps[5].attempts).to.equal(1);
      expect(record.steps[5].error?.message).to.match(/resolved to string "abc", not an array/);
      expect(record.steps[6].error?.message).to.match(/resolved to an object/);
      expect(record.status).to.equal('failed');
      expect(record.error?.message).to.match(/^step "object" failed/);
    });

    it('gives "" for a missing ${{ path }}: with keys stay, foreach runs nothing, if is false', async () => {
      const record = await rf.runWorkflow(`
name: missing
steps:
  - { name: vars, type: data.set, with: { gone: "\${{ event.nothing }}", kept: "\${{ event.none }}" } }
  - { name: loop, type: console, foreach: "\${{ event.nothing }}", with: { message: x } }
  - { name: guarded, type: console, if: "\${{ event.nothing }}", with: { message: x } }
  - { name: echo, type: console, with: { message: "[{{ variables.gone }}]" } }
`, { event: { none: null } });
      expect(record.steps.map((s) => [s.name, s.status])).to.deep.equal([['vars', 'completed'], ['loop', 'skipped'], ['guarded', 'skipped'], ['echo', 'completed']]);
      expect(record.steps[0].output).to.deep.equal({ gone: '', kept: null });
      expect(record.steps[3].output).to.equal('[]');
    });

    it('runs an if step with a step-level foreach once per item, with foreach in its condition', async () => {
      const record = await rf.runWorkflow(`
name: if-loop
steps:
  - name: check
    type: if
    foreach: "{{ event.hosts }}"
    condition: "foreach.item.up: true"
    steps: [{ name: ok, type: console, with: { message: "{{ foreach.item.name }} up ({{ foreach.index }}/{{ foreach.total }})" } }]
    else: [{ name: down, type: console, with: { message: "{{ foreach.item.name }} down" } }]
`, { event: { hosts: [{ name: 'web-1', up: true }, { name: 'web-2', up: false }] } });
      expect(record.status).to.equal('completed');
      expect(record.steps.map((s) => [s.name, s.foreachIndex, s.output])).to.deep.equal([
        ['check', 0, { condition: true }], ['ok', 0, 'web-1 up (0/2)'],
        ['check', 1, { condition: false }], ['down', 1, 'web-2 down'],
      ]);
    });

    it('writes the record to the store as it goes: executions.get returns what run returned', async () => {
      const record = await rf.runWorkflow('name: stored\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n');
      expect(JSON.parse(JSON.stringify(await rf.relayflow.executions.get(record.id)))).to.deep.equal(JSON.parse(JSON.stringify(record)));
      const list = await rf.relayflow.executions.list();
      expect(list[0]).to.deep.include({ id: record.id, status: 'completed', stepCount: 1 });
    });

    it('checks templated params after rendering, failing the step without retrying', async () => {
      const record = await rf.runWorkflow(`
name: late-check
steps:
  - name: bad
    type: probe.echo
    with: { text: "x", count: "\${{ event.count }}" }
    on-failure: { retry: { max-attempts: 3, delay: 1ms } }
`, { event: { count: 'many' } });
      expect(record.steps[0]).to.deep.include({ status: 'failed', attempts: 1 });
      expect(record.steps[0].error).to.deep.include({ type: 'InvalidParams', retryable: false });
      expect(record.steps[0].error?.message).to.match(/^the with of probe\.echo is invalid: with\.count must be /);
    });
  });

  describe('secrets', () => {
    it('never puts a connector secret in the record, the store or the data dir', async () => {
      const token = 'super-secret-token-4242';
      const secretRf = await createTestRelayflow({ plugins: [echoPlugin], connectors: [{ type: 'echo', name: 'echoer', secrets: { token } }] });
      try {
        const record = await secretRf.runWorkflow(`
name: secret
steps:
  - { name: leak, type: echo.leak, connector-id: echoer, with: { message: hi } }
  - { name: boom, type: echo.fail, connector-id: echoer, with: { retry: false }, on-failure: { continue: true } }
`);
        expect(record.status).to.equal('completed');
        expect(JSON.stringify(record)).not.to.include(token);
        expect(record.steps[1].error?.message).to.include('[REDACTED]');
        const stored = await secretRf.relayflow.executions.get(record.id);
        expect(JSON.stringify(stored)).not.to.include(token);
        await secretRf.relayflow.stop();
        for (const file of readdirSync(secretRf.dataDir)) {
          expect(readFileSync(join(secretRf.dataDir, file)).includes(token), file).to.equal(false);
        }
      } finally {
        rmSync(secretRf.dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('retry', () => {
    it('retries a retryable failure up to max-attempts (counting the first), then fails', async () => {
      api.handle(() => ({ status: 503, body: { error: 'busy' } }));
      const record = await rf.runWorkflow(`
name: retry
steps:
  - name: call
    type: probe
    connector-id: api
    with: { path: /busy }
    on-failure: { retry: { max-attempts: 3, delay: 5ms } }
  - { name: next, type: console, with: { message: x } }
`);
      expect(api.requests).to.have.length(3);
      expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['call', 'failed', 3]]);
      expect(record.steps[0].error).to.deep.include({ type: 'ConnectorError', retryable: true });
      expect(record.status).to.equal('failed');
    });

    it('stops retrying as soon as an attempt succeeds', async () => {
      let n = 0;
      api.handle(() => (++n < 3 ? { status: 500 } : { body: { ok: true } }));
      const record = await rf.runWorkflow(`
name: retry-ok
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /flaky }, on-failure: { retry: { max-attempts: 5, delay: 5ms } } }
`);
      expect(record.steps[0]).to.deep.include({ status: 'completed', attempts: 3, error: null });
      expect(api.requests).to.have.length(3);
    });

    it('does not retry when the connector says retry: false', async () => {
      api.handle(() => ({ status: 400, body: { error: 'bad request' } }));
      const record = await rf.runWorkflow(`
name: no-retry
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /bad }, on-failure: { retry: { max-attempts: 4, delay: 5ms } } }
`);
      expect(api.requests).to.have.length(1);
      expect(record.steps[0]).to.deep.include({ status: 'failed', attempts: 1 });
      expect(record.steps[0].error?.retryable).to.equal(false);
    });

    it('waits delay between attempts (fixed) and delay × multiplier^n (exponential, capped at max-delay)', async () => {
      const fixedTimes = timed(() => ({ status: 500 }));
      api.handle(fixedTimes.handler);
      await rf.runWorkflow(`
name: fixed
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /x }, on-failure: { retry: { max-attempts: 3, delay: 60ms } } }
`);
      const fixed = fixedTimes.gaps();
      expect(fixed).to.have.length(2);
      fixed.forEach((g) => expect(g).to.be.within(55, 200));

      const expTimes = timed(() => ({ status: 500 }));
      api.handle(expTimes.handler);
      await rf.runWorkflow(`
name: exponential
steps:
  - name: call
    type: probe
    connector-id: api
    with: { path: /x }
    on-failure: { retry: { max-attempts: 5, delay: 20ms, strategy: exponential, multiplier: 3, max-delay: 100ms } }
`);
      const exp = expTimes.gaps();
      expect(exp).to.have.length(4);
      // 20, 60, then 180 and 540 capped at 100
      [20, 60, 100, 100].forEach((want, i) => expect(exp[i]).to.be.within(want - 5, want + 80));
    });

    it('honours a Retry-After from the connector, capped at max-delay (with either strategy)', async () => {
      let n = 0;
      const first = timed(() => (++n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { body: {} }));
      api.handle(first.handler);
      const started = Date.now();
      await rf.runWorkflow(`
name: retry-after
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /limited }, on-failure: { retry: { max-attempts: 2, delay: 1ms } } }
`);
      expect(first.gaps()[0]).to.be.within(900, 1500);
      expect(Date.now() - started).to.be.at.least(900);

      n = 0;
      const capped = timed(() => (++n === 1 ? { status: 429, headers: { 'retry-after': '120' } } : { body: {} }));
      api.handle(capped.handler);
      const record = await rf.runWorkflow(`
name: retry-after-capped
steps:
  - name: call
    type: probe
    connector-id: api
    with: { path: /limited }
    on-failure: { retry: { max-attempts: 2, delay: 10ms, strategy: exponential, max-delay: 150ms } }
`);
      expect(record.steps[0]).to.deep.include({ status: 'completed', attempts: 2 });
      expect(capped.gaps()[0]).to.be.within(140, 400);

      n = 0;
      const fixed = timed(() => (++n === 1 ? { status: 429, headers: { 'retry-after': '120' } } : { body: {} }));
      api.handle(fixed.handler);
      const fixedRecord = await rf.runWorkflow(`
name: retry-after-capped-fixed
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /limited }, on-failure: { retry: { max-attempts: 2, delay: 10ms, max-delay: 150ms } } }
`);
      expect(fixedRecord.steps[0]).to.deep.include({ status: 'completed', attempts: 2 });
      expect(fixed.gaps()[0]).to.be.within(140, 400);
    });

    it('takes jitter: true from the YAML: each wait is between half and all of the delay', async () => {
      api.handle(() => ({ status: 500 }));
      const yaml = (jitter: boolean): string => `
name: jitter
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /x }, on-failure: { retry: { max-attempts: 4, delay: 40ms, jitter: ${jitter} } } }
`;
      const waitsOf = async (jitter: boolean): Promise<number[]> => {
        const waits: number[] = [];
        await rf.runWorkflow(yaml(jitter), { observer: { stepRetrying: (_s, _d, ms) => waits.push(ms) } });
        return waits;
      };
      const random = Math.random;
      const draws = [0, 0.5, 0.999999];
      Math.random = () => draws.shift() ?? 0.25;
      try {
        expect(await waitsOf(true)).to.deep.equal([20, 30, 40]);
        expect(await waitsOf(false)).to.deep.equal([40, 40, 40]);
      } finally {
        Math.random = random;
      }
    });

    it('applies settings.on-failure to every step that does not set its own', async () => {
      api.handle(() => ({ status: 500 }));
      const record = await rf.runWorkflow(`
name: defaults
settings:
  on-failure: { retry: { max-attempts: 2, delay: 1ms }, continue: true }
steps:
  - { name: a, type: probe, connector-id: api, with: { path: /a } }
  - { name: b, type: probe, connector-id: api, with: { path: /b }, on-failure: { retry: { max-attempts: 3, delay: 1ms } } }
  - { name: c, type: console, with: { message: done } }
`);
      expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['a', 'failed', 2], ['b', 'failed', 3], ['c', 'completed', 1]]);
      expect(record.status).to.equal('completed');
    });
  });

  describe('fallback and continue', () => {
    const workflow = (onFailure: string): string => `
name: matrix
steps:
  - name: broken
    type: probe.fail
    with: { message: "it broke", retry: false }
    on-failure: ${onFailure}
  - { name: after, type: console, with: { message: "after" } }
`;
    const fallback = '[{ name: cleanup, type: console, with: { message: "cleaning up after {{ steps.broken.error.message }}" } }]';

    const cases: Array<{ name: string; onFailure: string; status: string; ran: string[] }> = [
      { name: 'neither: the execution fails', onFailure: '{}', status: 'failed', ran: ['broken'] },
      { name: 'fallback only: the fallback runs, then the execution fails', onFailure: `{ fallback: ${fallback} }`, status: 'failed', ran: ['broken', 'cleanup'] },
      { name: 'continue only: the failure is recorded and the execution goes on', onFailure: '{ continue: true }', status: 'completed', ran: ['broken', 'after'] },
      { name: 'fallback and continue: the fallback runs, then the execution goes on', onFailure: `{ fallback: ${fallback}, continue: true }`, status: 'completed', ran: ['broken', 'cleanup', 'after'] },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const record = await rf.runWorkflow(workflow(c.onFailure));
        expect(record.status).to.equal(c.status);
        expect(record.steps.map((s) => s.name)).to.deep.equal(c.ran);
        expect(record.steps[0]).to.deep.include({ status: 'failed' });
        expect(record.steps[0].error).to.deep.equal({ type: 'ConnectorError', message: 'it broke', retryable: false });
        if (c.ran.includes('cleanup')) expect(record.steps[1].output).to.equal('cleaning up after it broke');
        expect(record.error).to.deep.equal(c.status === 'failed' ? { type: 'ConnectorError', message: 'step "broken" failed: it broke', retryable: false } : null);
      });
    }

    it('fails the execution when a fallback step fails, even with continue', async () => {
      const record = await rf.runWorkflow(workflow('{ continue: true, fallback: [{ name: rescue, type: probe.fail, with: { message: "rescue broke", retry: false } }] }'));
      expect(record.steps.map((s) => [s.name, s.status])).to.deep.equal([['broken', 'failed'], ['rescue', 'failed']]);
      expect(record.status).to.equal('failed');
      expect(record.error?.message).to.equal('step "rescue" failed: rescue broke');
    });

    it('retries, then runs the fallback, then continues (in that order)', async () => {
      api.handle(() => ({ status: 502 }));
      const record = await rf.runWorkflow(`
name: order
steps:
  - name: call
    type: probe
    connector-id: api
    with: { path: /x }
    on-failure:
      retry: { max-attempts: 2, delay: 1ms }
      fallback: [{ name: fb, type: console, with: { message: "{{ steps.call.error.type }}" } }]
      continue: true
  - { name: after, type: console, with: { message: ok } }
`);
      expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['call', 'failed', 2], ['fb', 'completed', 1], ['after', 'completed', 1]]);
      expect(record.steps[1].output).to.equal('ConnectorError');
    });

    it('lets a block continue past a failed inner step', async () => {
      const record = await rf.runWorkflow(`
name: block-continue
steps:
  - name: loop
    type: foreach
    foreach: "[1, 2]"
    on-failure: { continue: true }
    steps:
      - { name: boom, type: probe.fail, with: { retry: false } }
  - { name: after, type: console, with: { message: ok } }
`);
      expect(record.steps.map((s) => [s.name, s.status, s.foreachIndex])).to.deep.equal([['loop', 'failed', undefined], ['boom', 'failed', 0], ['after', 'completed', undefined]]);
      expect(record.steps[0].error?.message).to.equal('failed on purpose');
      expect(record.status).to.equal('completed');
    });
  });

  describe('timeouts and cancellation', () => {
    let hanging: HangingServer;
    beforeEach(async () => { hanging = await startHangingServer(); });
    afterEach(async () => { await hanging.close(); });

    it('aborts the in-flight request when a step times out, and may retry it', async () => {
      const started = Date.now();
      const record = await rf.runWorkflow(`
name: step-timeout
steps:
  - name: call
    type: probe
    timeout: 150ms
    with: { url: "${hanging.url}/never" }
    on-failure: { retry: { max-attempts: 2, delay: 1ms } }
`);
      expect(Date.now() - started).to.be.within(290, 1500);
      expect(record.status).to.equal('failed');
      expect(record.steps[0]).to.deep.include({ status: 'failed', attempts: 2 });
      expect(record.steps[0].error).to.deep.equal({ type: 'StepTimeout', message: 'step "call" timed out after 150ms', retryable: true });
      await eventually(() => hanging.aborted === 2);
      expect(hanging.received).to.equal(2);
    });

    it('ends the execution timed_out at settings.timeout, aborting the request in flight', async () => {
      const record = await rf.runWorkflow(`
name: workflow-timeout
settings: { timeout: 200ms }
steps:
  - { name: call, type: probe, with: { url: "${hanging.url}/never" }, on-failure: { retry: { max-attempts: 3, delay: 1ms }, continue: true } }
  - { name: after, type: console, with: { message: never } }
`);
      expect(record.status).to.equal('timed_out');
      expect(record.error).to.deep.include({ type: 'WorkflowTimeout' });
      expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['call', 'failed', 1]]);
      await eventually(() => hanging.aborted === 1);
    });

    it('is cancelled through its signal: the request is aborted, nothing else runs', async () => {
      const controller = new AbortController();
      const arrived = hanging.nextRequest();
      const running = rf.runWorkflow(`
name: cancel
steps:
  - { name: call, type: probe, with: { url: "${hanging.url}/never" } }
  - { name: after, type: console, with: { message: never } }
`, { signal: controller.signal });
      await arrived;
      const live = await rf.relayflow.executions.list({ status: 'running' });
      expect(live).to.have.length(1);
      const during = await rf.relayflow.executions.get(live[0].id);
      expect(during.steps.map((s) => [s.name, s.status])).to.deep.equal([['call', 'running']]);
      controller.abort();
      const record = await running;
      expect(record.status).to.equal('cancelled');
      expect(record.steps.map((s) => [s.name, s.status])).to.deep.equal([['call', 'failed']]);
      expect(record.steps[0].error).to.deep.equal({ type: 'Cancelled', message: 'the execution was cancelled', retryable: false });
      await eventually(() => hanging.aborted === 1);
      expect((await rf.relayflow.executions.get(record.id)).status).to.equal('cancelled');
    });

    it('cancels a wait and a retry delay', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const record = await rf.runWorkflow(`
name: cancel-wait
steps:
  - { name: nap, type: wait, with: { duration: 10s } }
`, { signal: controller.signal });
      expect(Date.now() - started).to.be.below(1000);
      expect(record.status).to.equal('cancelled');

      const again = new AbortController();
      setTimeout(() => again.abort(), 100);
      const retrying = await rf.runWorkflow(`
name: cancel-retry
steps:
  - { name: boom, type: probe.fail, on-failure: { retry: { max-attempts: 3, delay: 10s } } }
`, { signal: again.signal });
      expect(retrying.status).to.equal('cancelled');
      expect(retrying.steps[0]).to.deep.include({ status: 'failed', attempts: 1 });
    });
  });
});

/** Answers with `reply` and notes when each request arrived; `gaps()` gives ms between them. */
function timed(reply: () => StandInReply): { handler: () => StandInReply; gaps(): number[] } {
  const times: number[] = [];
  return {
    handler: () => {
      times.push(Date.now());
      return reply();
    },
    gaps: () => times.slice(1).map((t, i) => t - times[i]),
  };
}
