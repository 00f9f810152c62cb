import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import { CLI, ROOT, runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';
import { startHangingServer } from './fixtures/workflows/servers';

const PROBE = join(__dirname, 'fixtures', 'workflows', 'plugins', 'probe');
const HTTP_PLUGIN = join(ROOT, 'plugins', 'http');
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

  it('run --input converts each value to its declared type (number, boolean, array, choice)', async () => {
    write('typed.yaml', `name: typed
inputs:
  - { name: n, type: number }
  - { name: flag, type: boolean }
  - { name: hosts, type: array }
  - { name: csv, type: array }
  - { name: level, type: choice, options: [low, high] }
  - { name: label, type: string }
steps:
  - { name: echo, type: data.set, with: { n: "\${{ inputs.n }}", flag: "\${{ inputs.flag }}", hosts: "\${{ inputs.hosts }}", csv: "\${{ inputs.csv }}", level: "\${{ inputs.level }}", label: "\${{ inputs.label }}" } }
`);
    const run = await cli(['run', 'typed.yaml', '--json', '--input', 'n=41', '--input', 'flag=true', '--input', 'hosts=["web-1", 2]',
      '--input', 'csv=a,b', '--input', 'level=high', '--input', 'label=42']);
    expect(run.code, run.stderr).to.equal(0);
    const output = JSON.parse(run.stdout).steps[0].output;
    expect(output).to.deep.equal({ n: 41, flag: true, hosts: ['web-1', 2], csv: ['a', 'b'], level: 'high', label: '42' });
    const wrong = await cli(['run', 'typed.yaml', '--input', 'n=1', '--input', 'flag=no', '--input', 'hosts=[]', '--input', 'csv=x', '--input', 'level=medium', '--input', 'label=x']);
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.match(/input "level" must be one of: low, high/);
  });

  it('run --event FILE reads the event from a file', async () => {
    write('event.json', '{"who": "from a file", "n": 3}');
    write('event.yaml', 'name: event-file\nsteps:\n  - { name: say, type: console, with: { message: "{{ event.who }} {{ event.n }}" } }\n');
    const run = await cli(['run', 'event.yaml', '--event', 'event.json', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout).steps[0].output).to.equal('from a file 3');
    const missing = await cli(['run', 'event.yaml', '--event', 'nope.json']);
    expect(missing).to.deep.include({ code: 2, stderr: 'error: cannot read --event nope.json: no such file\n' });
  });

  it('run refuses a disabled workflow with exit 2 at its enabled: line; --dry-run still runs it', async () => {
    write('off.yaml', 'name: off\nenabled: false\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n');
    const run = await cli(['run', 'off.yaml', '--json']);
    expect(run).to.deep.include({
      code: 2, stdout: '',
      stderr: 'off.yaml:2:10: the workflow "off" is disabled (enabled: false); set enabled: true (or remove the line) to run it (a dry run still works)\n',
    });
    expect((await cli(['validate', 'off.yaml'])).code).to.equal(0);
    expect((await cli(['run', 'off.yaml', '--dry-run'])).code).to.equal(0);
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

  it('leaves a record when the process is killed: the finished step completed, the one in flight running', async () => {
    const hanging = await startHangingServer();
    const crashCli = (args: string[]): Promise<CliResult> => cli(['--config', 'crash-config.yaml', '--data-dir', 'crash-data', ...args]);
    try {
      write('crash-config.yaml', `plugins: [${JSON.stringify(HTTP_PLUGIN)}]\nencryptionKey: ${KEY}\n`);
      write('crash.yaml', `name: crash\nsteps:\n  - { name: first, type: console, with: { message: before } }\n  - { name: call, type: http, with: { url: "${hanging.url}/never" } }\n`);
      const child = spawn(process.execPath, [CLI, '--config', 'crash-config.yaml', '--data-dir', 'crash-data', 'run', 'crash.yaml'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
      await hanging.nextRequest();
      // Step results are committed in groups within 10 ms: wait until the running step is readable.
      let id = '';
      await eventuallyAsync(async () => {
        const list = JSON.parse((await crashCli(['executions', 'list', '--json'])).stdout) as Array<{ id: string }>;
        id = list[0]?.id ?? '';
        if (!id) return false;
        const steps = JSON.parse((await crashCli(['executions', 'get', id, '--json'])).stdout).steps as unknown[];
        return steps.length === 2;
      });
      child.kill('SIGKILL');
      expect(await exited).to.equal('SIGKILL');
      const get = await crashCli(['executions', 'get', id, '--json']);
      expect(get.code, get.stderr).to.equal(0);
      const record = JSON.parse(get.stdout);
      expect(record).to.deep.include({ status: 'running', finishedAt: null, durationMs: null });
      expect(record.steps.map((s: { name: string; status: string }) => [s.name, s.status])).to.deep.equal([['first', 'completed'], ['call', 'running']]);
      const human = await crashCli(['executions', 'get', id]);
      expect(human.stdout).to.include(`execution ${id} of crash: running (started ${record.startedAt}, not finished) (2 step results)`);
      expect(human.stdout).not.to.include('running in');
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

/** Waits until `check` resolves true (trying again every 50 ms), or fails after `ms`. */
async function eventuallyAsync(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
