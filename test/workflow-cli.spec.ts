import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import { CLI, runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';
import { startHangingServer } from './fixtures/workflows/servers';

const PROBE = join(__dirname, 'fixtures', 'workflows', 'plugins', 'probe');
const KEY = 'cli-test-key-0123456789abcdef0123';

describe('relayflow run / validate / executions / schema (CLI)', () => {
  let dir: string;
  let api: StandIn;
  const cli = (args: string[], input?: string): Promise<CliResult> => runCli(args, { cwd: dir, input });
  const write = (file: string, text: string): string => {
    writeFileSync(join(dir, file), text);
    return file;
  };

  before(async () => {
    api = await startStandIn({ '/ok': { body: { ok: true } } });
    dir = tempDir('relayflow-cli-wf-');
    write('relayflow.yaml', `plugins: [${JSON.stringify(PROBE)}]\nencryptionKey: ${KEY}\n`);
    const created = await cli(['connectors', 'create', '--type', 'probe', '--name', 'api', '--config', JSON.stringify({ url: api.url })]);
    expect(created.code, created.stderr).to.equal(0);
  });
  after(() => api.close());

  it('run --json prints only the record, and executions get returns the same record', async () => {
    write('ok.yaml', `name: cli-ok
inputs: [{ name: n, type: number, default: 1 }, { name: loud, type: boolean }]
steps:
  - { name: call, type: probe, connector-id: api, with: { path: /ok } }
  - { name: say, type: console, with: { message: "n={{ inputs.n }} loud={{ inputs.loud }} {{ event.who }} {{ steps.call.output.data.ok }}" } }
`);
    const run = await cli(['run', 'ok.yaml', '--json', '--input', 'n=41', '--input', 'loud=true', '--event', '-'], '{"who":"ann"}');
    expect(run.code, run.stderr).to.equal(0);
    const record = JSON.parse(run.stdout);
    expect(record).to.include({ status: 'completed', error: null });
    expect(record.workflow).to.deep.equal({ id: 'cli-ok', name: 'cli-ok' });
    expect(record.steps.map((s: { name: string; status: string }) => [s.name, s.status])).to.deep.equal([['call', 'completed'], ['say', 'completed']]);
    expect(record.steps[1].output).to.equal('n=41 loud=true ann true');
    const get = await cli(['executions', 'get', record.id, '--json']);
    expect(get.code, get.stderr).to.equal(0);
    expect(JSON.parse(get.stdout)).to.deep.equal(record);
    const list = await cli(['executions', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((e: { id: string }) => e.id)).to.include(record.id);
  });

  it('prints step lines and a summary for people, and exits 1 when the execution fails', async () => {
    write('fails.yaml', `name: cli-fails
steps:
  - { name: hello, type: console, with: { message: "hello there" } }
  - { name: boom, type: probe.fail, with: { message: "no luck", retry: false } }
`);
    const run = await cli(['run', 'fails.yaml']);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/✓ hello {2}console {2}completed/);
    expect(run.stdout).to.include('│ hello there');
    expect(run.stdout).to.match(/✗ boom {2}probe\.fail {2}failed/);
    expect(run.stdout).to.include('ConnectorError: no luck');
    expect(run.stdout).to.match(/execution [0-9a-f-]{36} of cli-fails: failed in \d+ms/);
    const json = await cli(['run', 'fails.yaml', '--json']);
    expect(json.code).to.equal(1);
    expect(JSON.parse(json.stdout).status).to.equal('failed');
  });

  it('validate prints "FILE: ok" per good file and FILE:LINE:COL problems, exit 2', async () => {
    write('good.yaml', 'name: good\nsteps:\n  - { name: a, type: console, with: { message: x } }\n');
    write('bad.yaml', 'name: bad\nsteps:\n  - name: a\n    type: consol\n  - name: a\n    type: console\n    with: { message: "{{ steps.zz.output }}" }\n');
    const good = await cli(['validate', 'good.yaml']);
    expect(good).to.deep.include({ code: 0, stdout: 'good.yaml: ok\n' });
    const both = await cli(['validate', 'good.yaml', 'bad.yaml']);
    expect(both.code).to.equal(2);
    expect(both.stdout).to.equal('good.yaml: ok\n');
    expect(both.stderr.trim().split('\n')).to.deep.equal([
      both.stderr.split('\n')[0],
      'bad.yaml:5:11: duplicate step name "a": already used at line 3; step names are unique within a workflow',
      'bad.yaml:7:22: unknown step "zz" in a steps.zz reference',
    ]);
    expect(both.stderr.split('\n')[0]).to.match(/^bad\.yaml:4:11: unknown step type "consol"; did you mean "console"\?/);
    expect(both.stderr).not.to.match(/\n\s+at /);
  });

  it('run refuses an invalid workflow, bad inputs and missing files with exit 2 and no stack trace', async () => {
    const invalid = await cli(['run', 'bad.yaml', '--json']);
    expect(invalid.code).to.equal(2);
    expect(invalid.stdout).to.equal('');
    expect(invalid.stderr).to.match(/^bad\.yaml:4:11: unknown step type/);
    const input = await cli(['run', 'ok.yaml', '--input', 'n=lots']);
    expect(input.code).to.equal(2);
    expect(input.stderr).to.include('input "n" must be a number (got "lots")');
    const missing = await cli(['run', 'nope.yaml']);
    expect(missing).to.deep.include({ code: 2, stderr: 'error: cannot read workflow file nope.yaml: no such file\n' });
    const event = await cli(['run', 'ok.yaml', '--event', '-'], '{not json');
    expect(event.code).to.equal(2);
    expect(event.stderr).to.match(/^error: --event - is not valid JSON/);
  });

  it('--dry-run renders and prints each connector step\'s params and sends nothing', async () => {
    const before = api.requests.length;
    write('dry.yaml', `name: dry
steps:
  - { name: call, type: probe, connector-id: api, with: { path: "/items/{{ event.id }}", method: POST, body: { who: "{{ event.who }}" } } }
`);
    const run = await cli(['run', 'dry.yaml', '--dry-run', '--event', '-'], '{"id": 7, "who": "bob"}');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('dry run: call would run probe.call with connector api with params:');
    expect(run.stdout).to.include('"path": "/items/7"');
    expect(run.stdout).to.include('"who": "bob"');
    expect(run.stdout).to.include('(dry run: nothing was sent or stored)');
    expect(api.requests.length).to.equal(before);
  });

  it('Ctrl-C cancels the execution, aborts the request in flight and exits 1', async () => {
    const hanging = await startHangingServer();
    try {
      write('hang.yaml', `name: hang\nsteps:\n  - { name: call, type: probe, with: { url: "${hanging.url}/never" } }\n  - { name: after, type: console, with: { message: x } }\n`);
      const child = spawn(process.execPath, [CLI, 'run', 'hang.yaml', '--json'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
      let stdout = '';
      child.stdout.on('data', (d) => { stdout += d; });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await hanging.nextRequest();
      child.kill('SIGINT');
      expect(await exited).to.equal(1);
      const record = JSON.parse(stdout);
      expect(record.status).to.equal('cancelled');
      expect(record.steps.map((s: { name: string; status: string }) => [s.name, s.status])).to.deep.equal([['call', 'failed']]);
      expect(hanging.aborted).to.equal(1);
      const get = await cli(['executions', 'get', record.id, '--json']);
      expect(JSON.parse(get.stdout).status).to.equal('cancelled');
    } finally {
      await hanging.close();
    }
  });

  it('executions get of an unknown id exits 2', async () => {
    const get = await cli(['executions', 'get', 'nope']);
    expect(get).to.deep.include({ code: 2, stderr: 'error: no execution with id "nope"; list them with: relayflow executions list\n' });
  });

  it('schema prints a JSON Schema with every step type and each action\'s with', async () => {
    const out = await cli(['schema']);
    expect(out.code, out.stderr).to.equal(0);
    const schema = JSON.parse(out.stdout);
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(schema.required).to.deep.equal(['name', 'steps']);
    expect(schema.additionalProperties).to.equal(false);
    const step = schema.definitions.step;
    expect(step.properties.type.enum).to.include.members(['console', 'wait', 'data.set', 'if', 'foreach', 'probe', 'probe.call', 'probe.echo']);
    const echo = step.allOf.find((v: { if: { properties: { type: { const: string } } } }) => v.if.properties.type.const === 'probe.echo');
    expect(echo.then.properties.with.required).to.deep.equal(['text']);
    expect(echo.then.properties.with.properties.count.anyOf[0]).to.deep.equal({ type: 'integer', minimum: 0 });
    expect(schema.definitions.RetryDefinition.properties['max-attempts']).to.deep.equal({ type: 'integer', minimum: 1 });
  });
});
