import { expect } from 'chai';
import { Container } from 'inversify';
import {
  ConnectorTypeRegistry, createRelayflow, Logger, type ExecutionObserver, type ExecutionRecord, type Relayflow, type StepRecord,
} from '@relayflow/core';
import {
  defineConnectorType, definePlugin, defineStepKind, error, IsInt, IsOptional, IsString, ok, ValidateBy, type ActionContext, type CompiledStep,
  type Renderer,
} from '@relayflow/sdk';
import { ECHO_PLUGIN } from './support/cli';
import { rejectionOf } from './support/errors';
import { tempDir } from './support/temp-dir';

class CountParams {
  @IsInt() by!: number;
  @IsOptional() @IsString() note?: string;
}

interface CountStep extends CompiledStep<'test.counter'> {
  render: Renderer;
}

/** A step kind from a plugin: `counter` adds with.by to a running total and reports its identity. */
function counterPlugin(seen: Array<{ stepId: string; attempt: number; key: string; context: unknown }>) {
  let total = 0;
  const counter = defineStepKind<CountStep>({
    kind: 'test.counter',
    keys: { with: 'required' },
    handles: (type) => type === 'counter',
    types: () => [{ type: 'counter', description: 'adds with.by to a total', params: CountParams }],
    compile({ base, plain }, tools) {
      if (plain.with === undefined) tools.missing('with', 'the amount to add');
      tools.checkParams(CountParams);
      return { ...base, kind: 'test.counter', render: tools.renderer() };
    },
    async run(step, run) {
      const { by } = step.render(run.context) as { by: number };
      seen.push({ stepId: run.stepId, attempt: run.attempt, key: run.idempotencyKey, context: (run.context as { step: unknown }).step });
      total += by;
      return { total };
    },
  });
  return definePlugin({ id: 'counter-plugin', sdk: '^1.0.0', setup: ({ registerStepKind }) => registerStepKind(counter) });
}

class FlakyParams {
  @IsString() key!: string;
}

/** A connector type whose action fails its first attempt (retryable) and records what it was given. */
function flakyPlugin(calls: Array<Pick<ActionContext<FlakyParams, unknown, unknown>, 'executionId' | 'stepId' | 'attempt' | 'idempotencyKey'> & { key: string }>) {
  const flaky = defineConnectorType({
    id: 'flaky', name: 'Flaky', config: class {}, secrets: class {}, defaultAction: 'call',
    actions: {
      call: {
        params: FlakyParams,
        connector: 'none',
        async execute(ctx) {
          calls.push({ executionId: ctx.executionId, stepId: ctx.stepId, attempt: ctx.attempt, idempotencyKey: ctx.idempotencyKey, key: ctx.params.key });
          return ctx.attempt === 1 ? error({ message: 'try again', retry: true }) : ok({ attempt: ctx.attempt });
        },
      },
    },
  });
  return definePlugin({ id: 'flaky-plugin', sdk: '^1.0.0', setup: ({ registerConnectorType }) => registerConnectorType(flaky) });
}

/** A connector type whose params check counts its runs; its action fails the first attempt (retryable). */
function tallyPlugin(counts: { checks: number; attempts: number }) {
  class TallyParams {
    @ValidateBy({ name: 'countedText', validator: { validate: (v: unknown) => { counts.checks++; return typeof v === 'string'; }, defaultMessage: () => '$property must be text' } })
    text!: string;
  }
  const tally = defineConnectorType({
    id: 'tally', name: 'Tally', config: class {}, secrets: class {}, defaultAction: 'call',
    actions: {
      call: {
        params: TallyParams,
        connector: 'none',
        async execute(ctx) {
          counts.attempts++;
          return ctx.attempt === 1 ? error({ message: 'try again', retry: true }) : ok({ text: ctx.params.text });
        },
      },
    },
  });
  return definePlugin({ id: 'tally-plugin', sdk: '^1.0.0', setup: ({ registerConnectorType }) => registerConnectorType(tally) });
}

/** A workflow of one tally step with `text` as given, tried twice. */
const tallyWorkflow = (text: string): string =>
  `name: tally\nsteps:\n  - { name: count, type: tally, with: { text: ${JSON.stringify(text)} }, on-failure: { retry: { max-attempts: 2, delay: 1ms } } }\n`;

const COUNTER_WORKFLOW = `
name: counting
steps:
  - name: each
    type: counter
    foreach: "\${{ event.amounts }}"
    with: { by: "\${{ foreach.item }}" }
  - name: branch
    type: if
    condition: "steps.each.output.total > 2"
    steps:
      - name: inner
        type: counter
        with: { by: 10 }
    else:
      - name: never
        type: console
        with: { message: no }
  - name: loop
    type: foreach
    foreach: [a, b]
    steps:
      - name: echo
        type: console
        with: { message: "{{ foreach.item }} {{ step.id }}" }
`;

describe('StepKinds', () => {
  let rf: Relayflow | undefined;
  afterEach(async () => {
    await rf?.stop();
    rf = undefined;
  });

  describe('a step kind registered by a plugin', () => {
    it('validates and runs with the built-ins, each record carrying its step id', async () => {
      const seen: Array<{ stepId: string; attempt: number; key: string; context: unknown }> = [];
      rf = await createRelayflow({ plugins: [counterPlugin(seen)], dataDir: tempDir(), env: {} });
      expect(await rf.validate(COUNTER_WORKFLOW)).to.deep.equal([]);
      const record = await rf.run(COUNTER_WORKFLOW, { event: { amounts: [1, 2] } });
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      expect(record.steps.map((s) => [s.name, s.stepId, s.status])).to.deep.equal([
        ['each', 'steps[0]#0', 'completed'],
        ['each', 'steps[0]#1', 'completed'],
        ['branch', 'steps[1]', 'completed'],
        ['inner', 'steps[1].steps[0]', 'completed'],
        ['loop', 'steps[2]', 'completed'],
        ['echo', 'steps[2]#0.steps[0]', 'completed'],
        ['echo', 'steps[2]#1.steps[0]', 'completed'],
      ]);
      expect(record.steps.find((s) => s.name === 'inner')?.output).to.deep.equal({ total: 13 });
      expect(record.steps.filter((s) => s.name === 'echo').map((s) => s.output)).to.deep.equal(['a steps[2]#0.steps[0]', 'b steps[2]#1.steps[0]']);
      expect(seen.map((s) => s.stepId)).to.deep.equal(['steps[0]#0', 'steps[0]#1', 'steps[1].steps[0]']);
      expect(seen[0].context).to.deep.include({ id: 'steps[0]#0', attempt: 1 });
      expect(new Set(seen.map((s) => s.key)).size).to.equal(3);
      const stored = await rf.executions.get(record.id);
      expect(stored.steps.map((s) => s.stepId)).to.deep.equal(record.steps.map((s) => s.stepId));
    });

    it('gets located problems like any step: misplaced keys, its params, and its name in the unknown-type list', async () => {
      rf = await createRelayflow({ plugins: [counterPlugin([])], dataDir: tempDir(), env: {} });
      const problems = await rf.validate('name: bad\nsteps:\n  - name: a\n    type: counter\n    connector-id: x\n    with: { by: many }\n  - name: b\n    type: countr\n', 'bad.yaml');
      const lines = problems.map((p) => `${p.location?.line}:${p.location?.col}: ${p.message}`);
      expect(lines).to.deep.equal([
        '5:5: connector-id is only for connector steps; counter steps do not use a connector',
        '6:17: steps[0].with.by must be an integer number',
        '8:11: unknown step type "countr"; did you mean "counter"? Known types: console, wait, data.set, if, foreach, counter (no connector plugins are loaded)',
      ]);
    });

    it('cannot take a step type another kind runs', async () => {
      const thief = defineStepKind({
        kind: 'test.thief', keys: {}, handles: (type) => type === 'console', types: () => [{ type: 'console' }],
        compile: ({ base }) => base, run: async () => null,
      });
      const err = await rejectionOf(createRelayflow({
        plugins: [definePlugin({ id: 'thief', sdk: '^1.0.0', setup: ({ registerStepKind }) => registerStepKind(thief) })], dataDir: tempDir(), env: {},
      }));
      expect(err.code).to.equal('DUPLICATE_TYPE');
      expect(err.message).to.contain('step type "console" of plugin "thief" is already the console kind\'s');
    });
  });

  describe('the connector step kind', () => {
    it('checks templated params once per attempt, and a compiled workflow runs without looking its connector type up again', async () => {
      const counts = { checks: 0, attempts: 0 };
      rf = await createRelayflow({ plugins: [tallyPlugin(counts)], dataDir: tempDir(), env: {} });
      const compiled = await rf.compile(tallyWorkflow('{{ execution.id }}'));
      const registry = rf.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry);
      const get = registry.get.bind(registry);
      let lookups = 0;
      registry.get = (id) => { lookups++; return get(id); };
      counts.checks = 0;
      const record = await rf.run(compiled);
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      expect(counts).to.deep.equal({ checks: 2, attempts: 2 });
      expect(lookups).to.equal(0);
    });

    it('checks params without templates once, when compiling, and on no attempt', async () => {
      const counts = { checks: 0, attempts: 0 };
      rf = await createRelayflow({ plugins: [tallyPlugin(counts)], dataDir: tempDir(), env: {} });
      const compiled = await rf.compile(tallyWorkflow('plain'));
      expect(counts.checks).to.equal(1);
      const record = await rf.run(compiled);
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      expect(counts).to.deep.equal({ checks: 1, attempts: 2 });
    });

    it('gives a dry run the same params check as a run, once, and sends nothing', async () => {
      const counts = { checks: 0, attempts: 0 };
      rf = await createRelayflow({ plugins: [tallyPlugin(counts)], dataDir: tempDir(), env: {} });
      const compiled = await rf.compile(tallyWorkflow('${{ event.n }}'));
      counts.checks = 0;
      const passed = await rf.run(compiled, { event: { n: 'five' }, dryRun: true });
      expect(passed.status, JSON.stringify(passed.error)).to.equal('completed');
      expect(passed.steps[0].output).to.deep.equal({ dryRun: true, params: { text: 'five' } });
      expect(counts).to.deep.equal({ checks: 1, attempts: 0 });
      const dry = await rf.run(compiled, { event: { n: 5 }, dryRun: true });
      const real = await rf.run(compiled, { event: { n: 5 } });
      expect(counts.attempts).to.equal(0);
      expect([dry.status, real.status]).to.deep.equal(['failed', 'failed']);
      expect(real.steps[0].error?.message).to.contain('must be text');
      expect(dry.steps[0].error).to.deep.equal(real.steps[0].error);
    });
  });

  describe('execution identity', () => {
    it('gives an action the execution id, step id, attempt and an idempotency key that stays the same on every attempt', async () => {
      const calls: Parameters<typeof flakyPlugin>[0] = [];
      rf = await createRelayflow({ plugins: [flakyPlugin(calls)], dataDir: tempDir(), env: {} });
      const record = await rf.run(`
name: identity
steps:
  - name: first
    type: console
    with: { message: hi }
  - name: call
    type: flaky
    with: { key: "{{ step.idempotencyKey }}|{{ step.attempt }}|{{ execution.id }}" }
    on-failure: { retry: { max-attempts: 2, delay: 1ms } }
`);
      expect(record.status, JSON.stringify(record.error)).to.equal('completed');
      expect(calls.map((c) => [c.stepId, c.attempt])).to.deep.equal([['steps[1]', 1], ['steps[1]', 2]]);
      expect(calls[0].executionId).to.equal(record.id);
      expect(calls[0].idempotencyKey).to.match(/^[0-9a-f-]{36}$/).and.equal(calls[1].idempotencyKey);
      expect(calls.map((c) => c.key)).to.deep.equal([1, 2].map((n) => `${calls[0].idempotencyKey}|${n}|${record.id}`));
      expect(record.steps.map((s) => s.stepId)).to.deep.equal(['steps[0]', 'steps[1]']);
    });

    it('derives the key from the execution and step id alone (the same after a resume), different per step and execution', async () => {
      const calls: Parameters<typeof flakyPlugin>[0] = [];
      rf = await createRelayflow({ plugins: [flakyPlugin(calls)], dataDir: tempDir(), env: {} });
      const yaml = 'name: twice\nsteps:\n  - { name: a, type: flaky, with: { key: x }, on-failure: { retry: { max-attempts: 2, delay: 1ms } } }\n  - { name: b, type: flaky, with: { key: y }, on-failure: { retry: { max-attempts: 2, delay: 1ms } } }\n';
      await rf.run(yaml);
      await rf.run(yaml);
      const keys = calls.filter((c) => c.attempt === 1).map((c) => c.idempotencyKey);
      expect(new Set(keys).size).to.equal(4);
      const { v5 } = await import('uuid');
      for (const c of calls) expect(c.idempotencyKey).to.equal(v5(c.stepId, c.executionId));
    });
  });

  describe('observers and logs', () => {
    it('tells one observer about concurrent executions: started (with the stored id) and finished, and each step event with its execution id', async () => {
      rf = await createRelayflow({ plugins: [], dataDir: tempDir(), env: {} });
      const events: string[] = [];
      const byExecution = new Map<string, string[]>();
      const note = (id: string, what: string): void => {
        byExecution.set(id, [...(byExecution.get(id) ?? []), what]);
      };
      const relayflow = rf;
      const lookups: Array<Promise<void>> = [];
      const observer: ExecutionObserver = {
        executionStarted: (execution: ExecutionRecord) => {
          events.push(`started ${execution.id}`);
          note(execution.id, 'started');
          lookups.push(relayflow.executions.get(execution.id).then(() => note(execution.id, 'found in the store'), (err: Error) => note(execution.id, `not stored: ${err.message}`)));
        },
        stepFinished: (step: StepRecord, _depth: number, executionId: string) => note(executionId, `${step.name} ${step.status}`),
        executionFinished: (execution: ExecutionRecord) => note(execution.id, `finished ${execution.status}`),
      };
      const yaml = 'name: pair\nsteps:\n  - { name: pause, type: wait, with: { duration: 20ms } }\n  - { name: done, type: console, with: { message: ok } }\n';
      const [one, two] = await Promise.all([rf.run(yaml, { observer }), rf.run(yaml, { observer })]);
      await Promise.all(lookups);
      expect(events).to.have.length(2);
      for (const record of [one, two]) {
        expect(byExecution.get(record.id)?.filter((e) => !e.startsWith('found'))).to.deep.equal(['started', 'pause completed', 'done completed', 'finished completed']);
        expect(byExecution.get(record.id)).to.include('found in the store');
      }
    });

    it('tells one observer which execution each console line and dry-run call of concurrent runs belongs to', async () => {
      rf = await createRelayflow({ plugins: [flakyPlugin([])], dataDir: tempDir(), env: {} });
      const heard: Array<[string, string, unknown]> = [];
      const observer: ExecutionObserver = {
        console: (step: StepRecord, message: unknown, executionId: string) => heard.push([executionId, step.stepId ?? '', message]),
        dryRun: (step: StepRecord, invocation: { params: unknown }, executionId: string) => heard.push([executionId, step.stepId ?? '', invocation.params]),
      };
      const yaml = 'name: mine\nsteps:\n  - { name: pause, type: wait, with: { duration: 10ms } }\n  - { name: say, type: console, with: { message: "{{ execution.id }}" } }\n  - { name: call, type: flaky, with: { key: "{{ execution.id }}" } }\n';
      const records = await Promise.all([rf.run(yaml, { observer, dryRun: true }), rf.run(yaml, { observer, dryRun: true })]);
      expect(records[0].id).not.to.equal(records[1].id);
      for (const { id } of records) {
        expect(heard.filter(([executionId]) => executionId === id)).to.deep.equal([[id, 'steps[1]', id], [id, 'steps[2]', { key: id }]]);
      }
      expect(heard).to.have.length(4);
    });

    it("writes execution and step lines with their ids to the host's logger, never params or secrets", async () => {
      const lines: LoggedLine[] = [];
      const logger = (bound: Record<string, unknown>): Logger => recordingLogger(lines, bound);
      const container = new Container({ defaultScope: 'Singleton' });
      container.bind(Logger).toConstantValue(logger({}));
      rf = await createRelayflow({ container, plugins: [], dataDir: tempDir(), env: {}, config: { encryptionKey: 'a-test-encryption-key-of-32-characters!' } });
      const record = await rf.run('name: logged\nsteps:\n  - { name: say, type: console, with: { message: "the-param-value-s3cret" } }\n', { inputs: {} });
      const mine = lines.filter((l) => l.fields.executionId === record.id);
      expect(mine.map((l) => `${l.level} ${l.message}`)).to.deep.equal([
        'info execution started', 'debug step started', 'debug step finished', 'info execution finished',
      ]);
      expect(mine[1].fields).to.deep.include({ stepId: 'steps[0]', step: 'say', type: 'console' });
      expect(mine[3].fields).to.deep.include({ workflow: 'logged', status: 'completed' });
      expect(JSON.stringify(lines)).not.to.contain('the-param-value-s3cret');
    });

    it("gives a plain logger object (createRelayflow({ logger })) the retry and the plugin's lines with ids, and no connector secret at any level", async () => {
      const lines: LoggedLine[] = [];
      const logger = (bound: Record<string, unknown>): Logger => recordingLogger(lines, bound);
      const token = 'echo-token-s3cret-value';
      rf = await createRelayflow({ logger: logger({}), plugins: [ECHO_PLUGIN], dataDir: tempDir(), env: {}, config: { encryptionKey: 'a-test-encryption-key-of-32-characters!' } });
      await rf.connectors.create({ type: 'echo', name: 'vault', secrets: { token } });
      const record = await rf.run(`
name: secretive
steps:
  - name: refused
    type: echo.fail
    connector-id: vault
    with: { retry: true }
    on-failure: { retry: { max-attempts: 2, delay: 1ms }, continue: true }
  - name: said
    type: echo.say
    connector-id: vault
    with: { message: "param-value-not-for-logs" }
`);
      expect(record.steps.map((s) => s.status)).to.deep.equal(['failed', 'completed']);
      const mine = lines.filter((l) => l.fields.executionId === record.id);
      expect(mine.map((l) => `${l.level} ${l.message} ${l.fields.stepId ?? '-'}`)).to.deep.equal([
        'info execution started -',
        'debug step started steps[0]',
        'debug step retrying steps[0]',
        'debug step finished steps[0]',
        'debug step started steps[1]',
        'info saying with token [REDACTED] steps[1]',
        'debug step finished steps[1]',
        'info execution finished -',
      ]);
      expect(mine[2].fields).to.deep.include({ step: 'refused', attempt: 1 });
      expect(mine[3].fields).to.deep.include({ status: 'failed', attempts: 2 });
      expect(mine[5].fields).to.deep.include({ connector: 'vault', action: 'echo.say' });
      const everything = JSON.stringify(lines);
      expect(everything).not.to.contain(token);
      expect(everything).not.to.contain('param-value-not-for-logs');
    });
  });
});

interface LoggedLine { level: string; message: string; fields: Record<string, unknown> }

/** A plain Logger object that records each line, with the fields its children bound. */
function recordingLogger(lines: LoggedLine[], bound: Record<string, unknown> = {}): Logger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>): void => {
    lines.push({ level, message, fields: { ...bound, ...fields } });
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: (fields) => recordingLogger(lines, { ...bound, ...fields }) };
}
