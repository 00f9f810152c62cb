import { expect } from 'chai';
import { defineConnectorType, definePlugin, IsOptional, IsString, ok } from '@relayflow/sdk';
import { createTestRelayflow, type TestRelayflow } from '@relayflow/sdk/testing';
import { formatProblem, RelayflowError } from '@relayflow/core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('./fixtures/workflows/plugins/probe');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const echoPlugin = require('./fixtures/plugins/echo');

class LookupParams {
  @IsOptional() @IsString() host?: string;
  @IsOptional() @IsString() path?: string;
}

/** An action that needs `host` when no connector gives one: `requiredWithoutConnector`. */
const lookupPlugin = definePlugin({
  id: 'lookup-fixture',
  sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(defineConnectorType({
      id: 'lookup', name: 'Lookup', config: class {}, secrets: class {}, defaultAction: 'get',
      actions: { get: { params: LookupParams, connector: 'optional', requiredWithoutConnector: ['host'], execute: async () => ok({}) } },
    }));
  },
});

/** `LINE:COL: message` for each problem (the file name is always wf.yaml here). */
async function problems(rf: TestRelayflow, yaml: string): Promise<string[]> {
  return (await rf.relayflow.validate(yaml, 'wf.yaml')).map((p) => formatProblem(p).replace(/^wf\.yaml:/, ''));
}

describe('workflow validation', () => {
  let rf: TestRelayflow;

  before(async () => {
    rf = await createTestRelayflow({
      plugins: [probePlugin, echoPlugin],
      connectors: [
        { type: 'probe', name: 'api', config: { url: 'http://127.0.0.1:9' } },
        { type: 'echo', name: 'echoer', secrets: { token: 'secret-token-1' } },
      ],
    });
  });
  after(() => rf.stop());

  it('accepts a valid workflow using every construct', async () => {
    expect(await problems(rf, `
name: everything
description: all of it
enabled: true
triggers: [{ type: manual }, { type: scheduled, with: { every: 5m } }]
inputs:
  - { name: severity, type: choice, options: [low, high], default: high }
  - { name: hosts, type: array, required: false }
consts: { team: secops }
settings:
  timeout: 10m
  on-failure: { retry: { max-attempts: 3, delay: 1s } }
steps:
  - name: fetch
    type: probe
    connector-id: api
    timeout: 30s
    with: { path: /x }
    on-failure:
      retry: { max-attempts: 3, delay: 2s, strategy: exponential, max-delay: 1m, jitter: true }
      fallback: [{ name: note, type: console, with: { message: "{{ steps.fetch.error.message }}" } }]
      continue: true
  - { name: vars, type: data.set, with: { count: "\${{ steps.fetch.output.data.items.length }}" } }
  - name: branch
    type: if
    condition: "steps.fetch.output.status >= 200 and inputs.severity: high"
    steps:
      - { name: each, type: probe.echo, foreach: "{{ inputs.hosts }}", with: { text: "{{ foreach.item }}", count: 1 } }
    else:
      - { name: pause, type: wait, with: { duration: 1s } }
  - name: loop
    type: foreach
    foreach: "{{ event.items }}"
    steps:
      - { name: say, type: echo.say, connector-id: echoer, if: "foreach.item.ok: true", with: { message: "{{ steps.each.output.text }}" } }
`)).to.deep.equal([]);
  });

  it('reports YAML syntax errors and duplicate keys at their line and column', async () => {
    expect(await problems(rf, 'name: x\nsteps: ]\n')).to.deep.equal(['2:8: Unexpected flow-seq-end token in YAML stream: "]"']);
    expect(await problems(rf, 'name: x\nsteps:\n  - name: a\n    type: console\n    with: { message: x }\n    @bad: 1\n'))
      .to.deep.equal(['6:5: Plain value cannot start with reserved character @']);
    expect(await problems(rf, 'name: x\nsteps:\n  - name: a\n    type: console\n    with: { message: x, message: y }\n'))
      .to.deep.equal(['5:25: duplicate key "message": the keys of a mapping must be unique']);
    expect(await problems(rf, 'name: x\nname: y\nsteps: []\n')).to.deep.equal(['2:1: duplicate key "name": the keys of a mapping must be unique']);
    const [first] = await problems(rf, 'name: x\nsteps: [\n');
    expect(first).to.match(/^3:1: Flow sequence .* must .* end with a \]/);
  });

  it('locates an alias without an anchor and refuses a second YAML document, instead of crashing', async () => {
    expect(await problems(rf, 'name: x\nsteps:\n  - { name: a, type: console, with: { message: *missing } }\n'))
      .to.deep.equal(['3:48: alias *missing refers to no anchor &missing defined before it']);
    expect(await problems(rf, 'name: x\nsteps: []\n---\nname: y\n')).to.deep.equal([
      "3:1: the file holds more than one YAML document (a '---' separator); keep one document per file",
    ]);
  });

  it('judges input defaults by the same rule as --input values', async () => {
    expect(await problems(rf, 'name: x\ninputs:\n  - { name: n, type: number, default: "3" }\n  - { name: b, type: boolean, default: "yes" }\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n')).to.deep.equal([]);
    const found = await problems(rf, 'name: x\ninputs:\n  - { name: n, type: number, default: "three" }\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n');
    expect(found).to.deep.equal(['3:39: default "three" is not a valid number']);
  });

  it('refuses durations longer than a timer can wait', async () => {
    const found = await problems(rf, 'name: x\nsettings: { timeout: 9999999d }\nsteps:\n  - { name: a, type: wait, with: { duration: 25d } }\n');
    expect(found).to.have.length(2);
    expect(found[0]).to.match(/^2:22: settings\.timeout must be a duration .* at most 24d/);
    expect(found[1]).to.match(/^4:46: steps\[0\]\.with\.duration must be a duration .* at most 24d/);
  });

  it('reports every problem at once, each at its line', async () => {
    const found = await problems(rf, `name: many
stepz: []
steps:
  - name: a
    type: consol
    with: { message: hi }
  - name: a
    type: console
    with: { mesage: hi }
  - name: b
    type: probe.nope
  - type: console
    with: { message: x }
`);
    expect(found).to.deep.equal([
      '2:1: unknown key "stepz"; did you mean "steps"?',
      found[1],
      '7:11: duplicate step name "a": already used at line 4; step names are unique within a workflow',
      '9:5: missing required key "message"',
      '9:13: unknown key "mesage"; expected one of: message',
      found[5],
      '12:5: missing required key "name"',
    ]);
    expect(found[1]).to.match(/^5:11: unknown step type "consol"; did you mean "console"\? Known types: console, wait, data\.set, if, foreach, /);
    expect(found[1]).to.include('probe.call').and.include('echo.say');
    expect(found[5]).to.equal('11:11: connector type "probe" has no action "nope"; its actions: call, fail, echo');
  });

  it('checks connectors: unknown, wrong type, missing, not used; templated ids are skipped', async () => {
    expect(await problems(rf, `name: c
steps:
  - { name: a, type: echo, connector-id: nobody, with: { message: x } }
  - { name: b, type: echo, connector-id: api, with: { message: x } }
  - { name: c, type: echo, with: { message: x } }
  - { name: d, type: probe.echo, connector-id: api, with: { text: x } }
  - { name: e, type: echo, connector-id: "{{ inputs.which }}", with: { message: x } }
  - { name: f, type: console, connector-id: api, with: { message: x } }
  - { name: g, type: echo, connector-id: echoerr, with: { message: x } }
`)).to.deep.equal([
      '3:42: connector "nobody" not found; echo connectors: echoer',
      '4:42: connector "api" is a probe connector, but this step\'s type is echo',
      '5:5: missing required key "connector-id": echo steps need a echo connector (its name or id)',
      '6:34: probe.echo does not use a connector; remove connector-id',
      '8:31: connector-id is only for connector steps; console steps do not use a connector',
      '9:42: connector "echoerr" not found; did you mean "echoer"?',
    ]);
  });

  it('checks with against the action params, leaving templated fields to run time', async () => {
    expect(await problems(rf, `name: p
steps:
  - name: a
    type: probe.echo
    with:
      text: 5
      count: -1
      extra: x
  - { name: b, type: probe.echo, with: { text: "{{ event.t }}", count: "\${{ event.n }}" } }
  - { name: c, type: probe.echo }
  - { name: d, type: wait, with: { duration: soon } }
`)).to.deep.equal([
      '6:13: steps[0].with.text must be a string',
      '7:14: steps[0].with.count must not be less than 0',
      '8:7: unknown key "extra"; expected one of: text, count, tags',
      '10:5: missing required key "text"',
      '11:46: steps[3].with.duration must be a duration such as 500ms, 30s, 5m or 1h, at most 24d (got "soon")',
    ]);
  });

  it('reports KQL and template syntax errors at the column where they are', async () => {
    expect(await problems(rf, `name: k
steps:
  - { name: a, type: console, if: "event.x: 1 and (", with: { message: x } }
  - name: b
    type: if
    condition: event.x >> 3
    steps: [{ name: c, type: console, with: { message: "{{ event.y" } }]
`)).to.deep.equal([
      '3:52: condition syntax error: Expected "(", "not", or field name but end of input found.',
      '6:25: condition syntax error: Expected value but ">" found.',
      '7:67: template syntax error: Unclosed tag',
    ]);
  });

  it('checks steps.X references in the literal KQL of a templated condition, and in every template', async () => {
    expect(await problems(rf, `name: r
inputs: [{ name: field, type: string, default: x }]
steps:
  - { name: a, type: console, if: "steps.later.output: {{ event.v }}", with: { message: x } }
  - { name: b, type: console, if: "{{ inputs.field }}: 1 and steps.a.output: x", with: { message: x } }
  - name: c
    type: if
    condition: "steps.zz.status: completed or {{ event.flag }}"
    steps: [{ name: d, type: console, with: { message: x } }]
  - { name: e, type: data.set, with: { deep: { list: ["{{ steps.later.output }}"] } } }
  - { name: f, type: console, foreach: "{{ steps.later.output }}", with: { message: x } }
  - { name: g, type: probe.call, connector-id: "{{ steps.later.output.id }}", with: { path: /x } }
  - { name: h, type: console, if: "steps.{{ inputs.field }}.output: 1", with: { message: x } }
  - { name: i, type: console, if: "event.x: {{ steps.later.output }}", with: { message: x } }
  - { name: later, type: console, with: { message: x } }
`)).to.deep.equal([
      '4:35: step "a" refers to steps.later, which does not run before it',
      '8:16: unknown step "zz" in a steps.zz reference',
      '10:55: step "e" refers to steps.later, which does not run before it',
      '11:40: step "f" refers to steps.later, which does not run before it',
      '12:48: step "g" refers to steps.later, which does not run before it',
      '14:35: step "i" refers to steps.later, which does not run before it',
    ]);
  });

  it('reports a missing with param that the action requires without a connector, at the step', async () => {
    const lookup = await createTestRelayflow({ plugins: [lookupPlugin], connectors: [{ type: 'lookup', name: 'dns' }] });
    try {
      expect(await problems(lookup, `name: l
steps:
  - name: a
    type: lookup
  - { name: b, type: lookup, with: { path: /x } }
  - { name: c, type: lookup, with: { host: "" } }
  - { name: d, type: lookup, with: { host: "{{ event.host }}" } }
  - { name: e, type: lookup, connector-id: dns, with: { path: /x } }
  - { name: f, type: lookup, with: { host: example.com } }
`)).to.deep.equal([
        '3:5: missing required key "host": lookup steps without a connector-id need with.host (or name a connector with connector-id)',
        '5:30: missing required key "host": lookup steps without a connector-id need with.host (or name a connector with connector-id)',
        '6:30: missing required key "host": lookup steps without a connector-id need with.host (or name a connector with connector-id)',
      ]);
    } finally {
      await lookup.stop();
    }
  });

  it('checks each trigger type\'s with, and keeps the triggers in the compiled workflow', async () => {
    expect(await problems(rf, `name: t
triggers:
  - { type: manual, with: { inputs: [] } }
  - { type: webhook, with: { secret: x } }
  - { type: scheduled, with: { every: 5m, extra: 1 } }
  - type: scheduled
    with:
      rrule: { freq: daily, interval: 0, byhour: [8, 24], byminutes: [0], byweekday: [MO, XX], tzid: Mars/Olympus }
  - { type: scheduled, with: { every: 5m, rrule: { freq: DAILY } } }
steps: [{ name: a, type: console, with: { message: x } }]
`)).to.deep.equal([
      '3:21: a manual trigger takes no with; remove it',
      '4:22: a webhook trigger takes no with; remove it',
      '5:43: unknown key "extra"; expected one of: every, rrule',
      '8:22: triggers[3].with.rrule.freq must be one of the following values: SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY',
      '8:39: triggers[3].with.rrule.interval must not be less than 1',
      '8:50: triggers[3].with.rrule.byhour: each value in byhour must not be greater than 23',
      '8:59: unknown key "byminutes"; did you mean "byminute"?',
      '8:86: triggers[3].with.rrule.byweekday: each value in byweekday must be one of the following values: MO, TU, WE, TH, FR, SA, SU',
      '8:102: triggers[3].with.rrule.tzid must be an IANA time zone such as UTC or Europe/Paris (got "Mars/Olympus")',
      '9:30: a scheduled trigger takes either every or rrule, not both',
    ]);
    const compiled = await rf.relayflow.compile(`name: t
triggers:
  - { type: manual }
  - { type: webhook, with: {} }
  - { type: scheduled, with: { every: 5m } }
  - { type: scheduled, with: { rrule: { freq: WEEKLY, byhour: [8], byminute: [30], byweekday: [MO, FR], tzid: Europe/Paris, dtstart: "2025-01-06" } } }
steps: [{ name: a, type: console, with: { message: x } }]
`);
    expect(compiled.triggers).to.deep.equal([
      { type: 'manual' },
      { type: 'webhook' },
      { type: 'scheduled', everyMs: 300_000 },
      { type: 'scheduled', rrule: { freq: 'WEEKLY', interval: 1, byhour: [8], byminute: [30], byweekday: ['MO', 'FR'], tzid: 'Europe/Paris', dtstart: '2025-01-06' } },
    ]);
    expect((await rf.relayflow.compile('name: d\nsteps: [{ name: a, type: console, with: { message: x } }]\n')).triggers).to.deep.equal([{ type: 'manual' }]);
  });

  it('refuses to run a disabled workflow (WORKFLOW_DISABLED, exit code 2, located), but dry-runs it', async () => {
    const yaml = 'name: off\nenabled: false\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n';
    expect(await problems(rf, yaml)).to.deep.equal([]);
    try {
      await rf.relayflow.run(yaml, { file: 'off.yaml' });
      expect.fail('should throw');
    } catch (err) {
      expect((err as RelayflowError).code).to.equal('WORKFLOW_DISABLED');
      expect((err as RelayflowError).isUserError).to.equal(true);
      expect((err as Error).message).to.equal('workflow "off" is disabled (enabled: false at off.yaml:2:10); set enabled: true (or remove the line) to run it (a dry run still works)');
      expect((err as RelayflowError).problems[0].location).to.deep.equal({ file: 'off.yaml', line: 2, col: 10 });
    }
    expect((await rf.relayflow.run(yaml, { dryRun: true })).status).to.equal('completed');
  });

  it('accepts a step-level foreach on an if step', async () => {
    expect(await problems(rf, `name: f
steps:
  - name: each
    type: if
    foreach: "{{ event.items }}"
    condition: "foreach.item.ok: true"
    steps: [{ name: a, type: console, with: { message: "{{ foreach.item.name }}" } }]
`)).to.deep.equal([]);
  });

  it('reports references to steps that do not run before the referencing step', async () => {
    expect(await problems(rf, `name: r
steps:
  - { name: a, type: console, with: { message: "{{ steps.b.output }}" } }
  - { name: b, type: console, with: { message: "{{ steps.b.output }}" } }
  - name: c
    type: if
    condition: "steps.a.output: x"
    steps: [{ name: d, type: console, with: { message: "{{ steps.a.output }}" } }]
    else: [{ name: e, type: console, with: { message: "{{ steps.d.output }}" } }]
  - { name: f, type: console, if: "steps.zz.output: *", with: { message: "\${{ steps.d.output }}" } }
  - { name: g, type: console, with: { message: "{{ steps.f.output }}" }, on-failure: { fallback: [{ name: h, type: console, with: { message: "{{ steps.g.error }}" } }] } }
`)).to.deep.equal([
      '3:48: step "a" refers to steps.b, which does not run before it',
      '4:48: step "b" refers to its own result (steps.b); a step can only read steps that ran before it',
      '9:55: step "e" refers to steps.d, which does not run before it',
      '10:35: unknown step "zz" in a steps.zz reference',
    ]);
  });

  it('reports contradictory failure settings', async () => {
    expect(await problems(rf, `name: f
settings:
  on-failure: { retry: { max-attempts: 2, delay: 5s, strategy: exponential, max-delay: 1s } }
steps:
  - name: a
    type: console
    with: { message: x }
    on-failure: { retry: { max-attempts: 2, multiplier: 3 } }
  - name: b
    type: console
    with: { message: x }
    on-failure: { retry: { max-attempts: 0, max-delay: 1m } }
  - name: b2
    type: console
    with: { message: x }
    on-failure: { retry: { max-attempts: 2, delay: 5s, max-delay: 2s } }
  - name: c
    type: foreach
    foreach: "[1]"
    on-failure: { retry: { max-attempts: 2 } }
    steps: [{ name: d, type: console, with: { message: x } }]
  - name: e
    type: console
    with: { message: x }
    on-failure: { fallback: [] }
`)).to.deep.equal([
      '3:88: max-delay (1s) is shorter than delay (5s); the longest wait cannot be shorter than the first',
      '8:45: multiplier only applies to strategy: exponential; add strategy: exponential or remove multiplier',
      '12:42: steps[1].on-failure.retry.max-attempts must not be less than 1',
      '16:67: max-delay (2s) is shorter than delay (5s); the longest wait cannot be shorter than the first',
      '20:19: retry does not apply to if/foreach steps; put retry on the steps inside them',
      '25:29: steps[4].on-failure.fallback should not be empty',
    ]);
  });

  it('reports misplaced and missing block keys, inputs and triggers', async () => {
    expect(await problems(rf, `name: b
inputs:
  - { name: level, type: choice }
  - { name: n, type: number, default: many }
triggers: [{ type: scheduled }, { type: cron }]
steps:
  - { name: a, type: if, steps: [{ name: x, type: console, with: { message: x } }] }
  - { name: b, type: foreach, steps: [{ name: y, type: console, with: { message: x } }], with: { a: 1 } }
  - { name: c, type: console, condition: "a: 1", with: { message: x } }
  - { name: d, type: data.set }
`)).to.deep.equal([
      '3:5: missing required key "options": a choice input lists its allowed values',
      '4:39: default "many" is not a valid number',
      '5:12: a scheduled trigger needs with: { every: 5m } or with: { rrule: { freq: DAILY, byhour: [8] } }',
      '5:41: triggers[1].type must be one of the following values: manual, scheduled, webhook',
      '7:5: missing required key "condition" (the if step\'s condition)',
      '8:5: missing required key "foreach" (the items to loop over)',
      '8:90: foreach steps take no with (put the work in their steps)',
      '9:31: condition belongs to if steps; to guard any step use if:',
      '10:5: data.set needs a with mapping: each key becomes variables.KEY',
    ]);
  });

  it('refuses an event nested deeper than 100 levels (BAD_ARGUMENT) instead of overflowing the stack', async () => {
    const deep = JSON.parse(`${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}`);
    try {
      await rf.runWorkflow('name: x\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n', { event: deep });
      expect.fail('expected BAD_ARGUMENT');
    } catch (err) {
      expect((err as RelayflowError).code).to.equal('BAD_ARGUMENT');
      expect((err as Error).message).to.match(/nests deeper than 100 levels/);
    }
    const ok = await rf.runWorkflow('name: x\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n', { event: JSON.parse(`${'{"x":'.repeat(50)}1${'}'.repeat(50)}`) });
    expect(ok.status).to.equal('completed');
  });

  it('refuses to run an invalid workflow (WORKFLOW_INVALID, exit code 2) and bad inputs (BAD_ARGUMENT)', async () => {
    try {
      await rf.runWorkflow('name: x\nsteps:\n  - { name: a, type: nope }\n');
      expect.fail('should throw');
    } catch (err) {
      expect(RelayflowError.is(err)).to.equal(true);
      expect((err as RelayflowError).code).to.equal('WORKFLOW_INVALID');
      expect((err as RelayflowError).isUserError).to.equal(true);
      expect((err as RelayflowError).problems[0].location).to.deep.equal({ file: 'workflow.yaml', line: 3, col: 22 });
    }
    const yaml = 'name: x\ninputs: [{ name: n, type: number, required: true }, { name: f, type: boolean }]\nsteps:\n  - { name: a, type: console, with: { message: "{{ inputs.n }}" } }\n';
    for (const [inputs, message] of [
      [{}, /missing required input "n"/],
      [{ n: 'abc' }, /input "n" must be a number/],
      [{ n: '1', f: 'maybe' }, /input "f" must be true or false/],
      [{ n: '1', other: 'x' }, /unknown input "other"; declared inputs: n, f/],
    ] as const) {
      try {
        await rf.runWorkflow(yaml, { inputs });
        expect.fail('should throw');
      } catch (err) {
        expect((err as RelayflowError).code).to.equal('BAD_ARGUMENT');
        expect((err as Error).message).to.match(message);
      }
    }
    const ok = await rf.runWorkflow(yaml, { inputs: { n: '42', f: 'yes' } });
    expect(ok.steps[0].output).to.equal('42');
  });
});
