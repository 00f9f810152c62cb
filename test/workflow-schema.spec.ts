import { expect } from 'chai';
import Ajv, { type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, runCli } from './support/cli';
import { tempDir } from './support/temp-dir';

/** Every workflow file in the repository: the examples and the test fixtures. */
const WORKFLOW_DIRS = ['examples/workflows', 'examples/embedded-app/workflows', 'test/fixtures/workflows/seeds'];
const files = WORKFLOW_DIRS.flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)));

describe('workflow JSON Schema (relayflow schema, checked with ajv)', () => {
  let validate: ValidateFunction;
  const warnings: string[] = [];
  const check = (yaml: string): string[] => (validate(parse(yaml)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

  before(async () => {
    // From the repository root every installed plugin is discovered, as in a user's project.
    const out = await runCli(['schema', '--data-dir', tempDir('relayflow-schema-')], { cwd: ROOT });
    expect(out.code, out.stderr).to.equal(0);
    const ajv = new Ajv({ allErrors: true, logger: { log: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) } });
    validate = ajv.compile(JSON.parse(out.stdout));
  });

  it('compiles in ajv\'s default strict mode without a warning', () => {
    expect(warnings).to.deep.equal([]);
  });

  it('finds the example workflows and fixtures', () => {
    expect(files.length).to.be.at.least(17);
  });

  for (const file of files) {
    it(`accepts ${file}`, () => {
      expect(check(readFileSync(join(ROOT, file), 'utf8'))).to.deep.equal([]);
    });
  }

  it('accepts a template string for a typed field at any depth of with', () => {
    expect(check(`name: nested
steps:
  - name: open
    type: cases-webhook
    connector-id: cases
    with:
      incident: { title: "{{ event.t }}", tags: "\${{ event.tags }}" }
      comments: [{ comment: x, commentId: "\${{ event.n }}" }]
  - name: call
    type: http
    with: { url: "https://x.example", fetcher: { max_redirects: "{{ inputs.n }}" }, timeout: "\${{ inputs.t }}" }
`)).to.deep.equal([]);
    expect(check(`name: nested
steps:
  - { name: open, type: cases-webhook, connector-id: cases, with: { incident: { title: x, tags: "not a list" } } }
`)).to.not.deep.equal([]);
  });

  it('needs with.url on an http step without connector-id', () => {
    expect(check('name: h\nsteps:\n  - { name: call, type: http, with: { method: POST } }\n')).to.include("/steps/0/with must have required property 'url'");
    expect(check('name: h\nsteps:\n  - { name: call, type: http, with: { url: "{{ event.url }}" } }\n')).to.deep.equal([]);
    expect(check('name: h\nsteps:\n  - { name: call, type: http, connector-id: api, with: { path: /x } }\n')).to.deep.equal([]);
  });

  it('checks each trigger type\'s with', () => {
    expect(check(`name: t
triggers:
  - { type: manual }
  - { type: webhook }
  - { type: scheduled, with: { every: 5m } }
  - { type: scheduled, with: { rrule: { freq: WEEKLY, interval: 2, tzid: Europe/Paris, byhour: [8], byminute: [30], byweekday: [MO, FR] } } }
steps: [{ name: a, type: console, with: { message: x } }]
`)).to.deep.equal([]);
    const errors = check(`name: t
triggers:
  - { type: manual, with: { every: 5m } }
  - { type: scheduled, with: { every: 5m, rrule: { freq: DAILY } } }
  - { type: scheduled, with: { rrule: { freq: daily, byhour: [25], hourly: 1 } } }
steps: [{ name: a, type: console, with: { message: x } }]
`);
    expect(errors).to.include.members([
      '/triggers/0/with must NOT have more than 0 properties',
      '/triggers/1/with must match exactly one schema in oneOf',
      '/triggers/2/with/rrule/freq must be equal to one of the allowed values',
      '/triggers/2/with/rrule/byhour/0 must be <= 23',
      '/triggers/2/with/rrule must NOT have additional properties',
    ]);
  });

  it('accepts a step-level foreach on an if step', () => {
    expect(check(`name: f
steps:
  - name: each
    type: if
    foreach: "{{ event.items }}"
    condition: "foreach.item.ok: true"
    steps: [{ name: a, type: console, with: { message: x } }]
`)).to.deep.equal([]);
  });
});
