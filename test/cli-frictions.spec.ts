import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { relayflowInProcess as relayflow } from './support/in-process-cli';
import { tempDir } from './support/temp-dir';

/** Issue 17, item 9: frictions a plugin author or user hit. */
describe('relayflow CLI frictions (issue 17 item 9)', function () {
  this.timeout(60_000);
  let dir: string;
  let data: string[];

  beforeEach(() => {
    dir = tempDir('relayflow-frictions-');
    data = ['--data-dir', join(dir, 'data')];
    writeFileSync(join(dir, 'hello.yaml'), 'name: hello\nsteps:\n  - { name: greet, type: console, with: { message: hi } }\n');
  });

  describe('connectors types TYPE', () => {
    it("shows the type's config, secrets and each action's params with their types and descriptions", async () => {
      const res = await relayflow([...data, 'connectors', 'types', 'jira']);
      expect(res.code, res.stderr).to.equal(0);
      expect(res.stdout).to.match(/^jira \(Jira\), from plugin relayflow-jira; also \.jira/);
      expect(res.stdout).to.include('action pushToService (step type jira or jira.pushToService; connector required)');
      expect(res.stdout).to.match(/│ externalId\s+│ string\s+│ no\s+│ Id or key of an existing issue: update it instead of\s+│/);
      expect(res.stdout).to.match(/│ labels\s+│ string\[\]\s+│ no\s+│ Labels \(no spaces\)/);
      expect(res.stdout).to.match(/│ apiToken\s+│ string\s+│ no\s+│ Jira Cloud: an API token/);
    });

    it('gives the fields as JSON with --json, by alias too', async () => {
      const res = await relayflow([...data, 'connectors', 'types', '.slack', '--json']);
      expect(res.code, res.stderr).to.equal(0);
      const type = JSON.parse(res.stdout);
      expect(type.id).to.equal('slack');
      expect(type.secrets).to.deep.equal([{ name: 'webhookUrl', type: 'string', required: true, description: 'The incoming-webhook URL (`https://hooks.slack.com/services/...`). A secret: it is the credential.' }]);
      expect(type.actions[0].params.map((p: { name: string }) => p.name)).to.deep.equal(['message', 'blocks']);
      expect(type.actions[0].params[0]).to.include({ name: 'message', type: 'string', required: true });
      expect(type.actions[0].params[0].description).to.match(/message text/);
    });

    it('refuses an unknown type with exit 2 and "did you mean"', async () => {
      const res = await relayflow([...data, 'connectors', 'types', 'jirra']);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.match(/^error: unknown connector type "jirra"; did you mean "jira"\?/);
    });

    it('puts the descriptions into relayflow schema, for editors\' hover text', async () => {
      const res = await relayflow([...data, 'schema']);
      expect(res.code, res.stderr).to.equal(0);
      expect(res.stdout).to.include('"description": "Absolute URL. Required without a connector; with one it replaces the connector\'s `url`."');
    });
  });

  describe('"did you mean"', () => {
    it('for connectors create --type', async () => {
      const res = await relayflow([...data, 'connectors', 'create', '--type', 'slak', '--name', 'ops']);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.match(/^error: unknown connector type "slak"; did you mean "slack"\? \(registered types: .*slack/);
    });

    it('for connectors test NAME (and get)', async () => {
      const created = await relayflow([...data, 'connectors', 'create', '--type', 'http', '--name', 'billing-api', '--config', '{"url":"https://billing.example.com"}']);
      expect(created.code, created.stderr).to.equal(0);
      const test = await relayflow([...data, 'connectors', 'test', 'biling-api', '--params', '{}']);
      expect(test.code).to.equal(2);
      expect(test.stderr).to.equal('error: no connector has the id or name "biling-api"; did you mean "billing-api"? (see: relayflow connectors list)\n');
      const far = await relayflow([...data, 'connectors', 'get', 'zzz']);
      expect(far.stderr).to.equal('error: no connector has the id or name "zzz"; see: relayflow connectors list\n');
    });
  });

  describe('executions get last', () => {
    it('is the newest execution; with none, exit 2 saying so', async () => {
      const none = await relayflow([...data, 'executions', 'get', 'last']);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.match(/^error: no executions yet/);
      const first = JSON.parse((await relayflow([...data, 'run', join(dir, 'hello.yaml'), '--json'])).stdout);
      const second = JSON.parse((await relayflow([...data, 'run', join(dir, 'hello.yaml'), '--json'])).stdout);
      const last = await relayflow([...data, 'executions', 'get', 'last', '--json']);
      expect(last.code, last.stderr).to.equal(0);
      expect(JSON.parse(last.stdout).id).to.equal(second.id).and.not.equal(first.id);
    });
  });

  describe('the config file and connectors create|update --config JSON', () => {
    beforeEach(() => {
      writeFileSync(join(dir, 'relayflow.yaml'), 'connectors:\n  - { id: pre-1, name: preset, type: http, config: { url: "https://preset.example.com" } }\n');
    });

    it('-c FILE gives the config file, before or after the command', async () => {
      for (const args of [['-c', join(dir, 'relayflow.yaml'), 'connectors', 'list', '--json'], ['connectors', 'list', '-c', join(dir, 'relayflow.yaml'), '--json']]) {
        const res = await relayflow([...data, ...args]);
        expect(res.code, res.stderr).to.equal(0);
        expect(JSON.parse(res.stdout).map((c: { name: string }) => c.name)).to.deep.equal(['preset']);
      }
    });

    it('RELAYFLOW_CONFIG gives the config file; --config wins over it', async () => {
      process.env.RELAYFLOW_CONFIG = join(dir, 'relayflow.yaml');
      try {
        const res = await relayflow([...data, 'connectors', 'list', '--json']);
        expect(JSON.parse(res.stdout).map((c: { name: string }) => c.name)).to.deep.equal(['preset']);
        writeFileSync(join(dir, 'empty.yaml'), 'connectors: []\n');
        const flag = await relayflow([...data, '--config', join(dir, 'empty.yaml'), 'connectors', 'list', '--json']);
        expect(JSON.parse(flag.stdout)).to.deep.equal([]);
      } finally {
        delete process.env.RELAYFLOW_CONFIG;
      }
    });

    it('connectors create --config FILE is refused, saying which --config is which, instead of being taken for the file', async () => {
      const file = join(dir, 'relayflow.yaml');
      const res = await relayflow([...data, 'connectors', 'create', '--type', 'http', '--name', 'x', '--config', file]);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.equal(`error: connectors create --config takes the connector's config: JSON ({...}) or @file.json, and "${file}" is neither. `
        + `The config file (relayflow.yaml) goes before the command (relayflow --config ${file} connectors create ...), or with -c ${file}, or in RELAYFLOW_CONFIG\n`);
      const yaml = await relayflow([...data, 'connectors', 'update', 'x', '--config', `@${file}`]);
      expect(yaml.code).to.equal(2);
      expect(yaml.stderr).to.match(/looks like a YAML file: the config file \(relayflow\.yaml\) is given with -c FILE or before the command/);
    });

    it('connectors create takes the config file with -c and the connector config with --config, together', async () => {
      const res = await relayflow([...data, 'connectors', 'create', '--type', 'http', '--name', 'api', '-c', join(dir, 'relayflow.yaml'), '--config', '{"url":"https://api.example.com"}', '--json']);
      expect(res.code, res.stderr).to.equal(0);
      expect(JSON.parse(res.stdout).config).to.deep.equal({ url: 'https://api.example.com' });
      const list = await relayflow([...data, '--config', join(dir, 'relayflow.yaml'), 'connectors', 'list', '--json']);
      expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).to.deep.equal(['api', 'preset']);
    });

    it('two different config files are refused, naming both', async () => {
      const res = await relayflow([...data, '--config', join(dir, 'relayflow.yaml'), 'validate', '-c', join(dir, 'other.yaml'), join(dir, 'hello.yaml')]);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.equal(`error: two config files given: ${join(dir, 'other.yaml')} (--config after "validate") and ${join(dir, 'relayflow.yaml')} (--config before the command); give one\n`);
    });
  });

  describe('a running step on a terminal', () => {
    beforeEach(() => {
      writeFileSync(join(dir, 'slow.yaml'), 'name: slow\nsteps:\n  - { name: nap, type: wait, with: { duration: 1300ms } }\n');
    });

    it('shows its elapsed time, rewritten in place while it runs', async () => {
      const res = await relayflow([...data, 'run', join(dir, 'slow.yaml')], { tty: true });
      expect(res.code, res.stderr).to.equal(0);
      const ticks = [...res.stdout.matchAll(/\r\x1b\[K {2}… nap {2}(\d+\.\d)s/g)].map((m) => Number(m[1]));
      expect(ticks.length, res.stdout).to.be.greaterThan(2);
      expect(ticks).to.deep.equal([...ticks].sort((a, b) => a - b));
      expect(ticks[ticks.length - 1]).to.be.within(1, 1.4);
      expect(res.stdout).to.match(/\r\x1b\[K {2}✓ nap/);
    });

    it('does not when the output is a pipe, nor with --json', async () => {
      const piped = await relayflow([...data, 'run', join(dir, 'slow.yaml')]);
      expect(piped.code, piped.stderr).to.equal(0);
      expect(piped.stdout).to.not.match(/\x1b\[K|… nap/);
      const json = await relayflow([...data, 'run', join(dir, 'slow.yaml'), '--json'], { tty: true });
      expect(json.code, json.stderr).to.equal(0);
      expect(JSON.parse(json.stdout).status).to.equal('completed');
      expect(json.stderr).to.not.match(/… nap {2}\d/);
    });
  });
});
