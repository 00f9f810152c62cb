import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRelayflow } from '@relayflow/core';
import { runCli, type CliResult } from './support/cli';
import { rejectionOf } from './support/errors';
import { tempDir } from './support/temp-dir';

const KEY = 'cli-workflows-test-key-0123456789abcdef';

const hook = (message: string, extra = ''): string => `name: notify
${extra}triggers:
  - type: webhook
  - type: scheduled
    with: { every: 5m }
steps:
  - { name: say, type: console, with: { message: "${message} {{ event.x }}" } }
`;

describe('relayflow workflows (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli(['--data-dir', join(dir, 'data'), ...args], { cwd: dir, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
  const write = (file: string, text: string): string => {
    writeFileSync(join(dir, file), text);
    return file;
  };
  beforeEach(() => { dir = tempDir(); });

  describe('deploy', () => {
    it('prints created with the version, then updated with the next, or unchanged; --json prints the stored workflows', async () => {
      expect(await cli('workflows', 'deploy', write('notify.yaml', hook('one')))).to.deep.include({ code: 0, stdout: 'created notify v1 from notify.yaml\n' });
      expect(await cli('workflows', 'deploy', 'notify.yaml')).to.deep.include({ code: 0, stdout: 'unchanged notify v1 from notify.yaml\n' });
      write('notify.yaml', hook('two'));
      write('other.yaml', 'name: other\nenabled: false\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n');
      const json = await cli('workflows', 'deploy', 'notify.yaml', 'other.yaml', '--json');
      expect(json.code, json.stderr).to.equal(0);
      const deployed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      expect(deployed.map((w) => [w.id, w.version, w.created, w.changed, w.enabled])).to.deep.equal([['notify', 2, false, true, true], ['other', 1, true, true, false]]);
      expect(deployed[0].triggers).to.deep.equal([{ type: 'webhook' }, { type: 'scheduled', everyMs: 300_000 }]);
      expect(Object.keys(deployed[0]).sort()).to.deep.equal(['changed', 'created', 'createdAt', 'enabled', 'id', 'name', 'triggers', 'updatedAt', 'version']);
    });

    it('deploys nothing unless every file is valid, printing each problem at FILE:LINE:COL (exit 2)', async () => {
      write('good.yaml', hook('fine'));
      write('bad.yaml', 'name: bad\nsteps:\n  - { name: a, type: nope }\n');
      const result = await cli('workflows', 'deploy', 'good.yaml', 'bad.yaml');
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.match(/^bad\.yaml:3:22: unknown step type "nope"/m);
      expect(result.stderr).to.contain('error: nothing deployed: 1 problem to fix first');
      expect((await cli('workflows', 'list', '--json')).stdout).to.equal('[]\n');
      expect(await cli('workflows', 'deploy', 'missing.yaml')).to.deep.include({ code: 2, stderr: 'error: cannot read workflow file missing.yaml: no such file\n' });
    });

    it('checks connectors as validate does', async () => {
      write('c.yaml', 'name: c\nsteps:\n  - { name: a, type: console, connector-id: ops, with: { message: x } }\n');
      const result = await cli('workflows', 'deploy', 'c.yaml');
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^c\.yaml:3:/m);
    });
  });

  describe('list / get / enable / disable / delete', () => {
    it('lists, prints the YAML, flips the flag and deletes, each as a user sees it', async () => {
      const yaml = hook('hello');
      await cli('workflows', 'deploy', write('notify.yaml', yaml));
      const list = await cli('workflows', 'list');
      expect(list.code).to.equal(0);
      expect(list.stdout).to.match(/ID\s+│ VERSION │ ENABLED │ TRIGGERS/);
      expect(list.stdout).to.match(/notify │ 1\s+│ yes\s+│ webhook, every 5m/);
      expect(await cli('workflows', 'get', 'notify')).to.deep.include({ code: 0, stdout: yaml });
      const got = JSON.parse((await cli('workflows', 'get', 'notify', '--json')).stdout);
      expect(got).to.deep.include({ id: 'notify', version: 1, enabled: true, yaml });
      expect(await cli('workflows', 'disable', 'notify')).to.deep.include({ code: 0, stdout: 'disabled workflow notify (v1)\n' });
      expect(JSON.parse((await cli('workflows', 'list', '--json')).stdout)[0].enabled).to.equal(false);
      expect(JSON.parse((await cli('workflows', 'enable', 'notify', '--json')).stdout)).to.deep.include({ id: 'notify', enabled: true });
      expect(await cli('workflows', 'delete', 'notify')).to.deep.include({ code: 0, stdout: 'deleted workflow notify\n' });
      expect(await cli('workflows', 'list')).to.deep.include({ code: 0, stdout: 'no stored workflows yet; store one with: relayflow workflows deploy WORKFLOW.yaml\n' });
    });

    it('exits 2 with a plain message for a workflow that is not stored', async () => {
      for (const command of ['get', 'enable', 'disable', 'delete']) {
        expect(await cli('workflows', command, 'nope'), command).to.deep.include({ code: 2, stdout: '', stderr: 'error: no stored workflow "nope"; list them with: relayflow workflows list\n' });
      }
    });
  });

  it('shares the store with a running Relayflow: what the CLI deploys runs there at once, and executions list shows its trigger and version', async () => {
    const rf = await createRelayflow({ dataDir: join(dir, 'data'), plugins: [], env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
    try {
      await cli('workflows', 'deploy', write('notify.yaml', hook('v1')));
      await cli('workflows', 'deploy', write('notify.yaml', hook('v2')));
      const record = await (await rf.workflows.start('notify', { event: { x: 42 }, trigger: { type: 'webhook', at: new Date().toISOString() } })).finished;
      expect(record).to.deep.include({ status: 'completed', workflowVersion: 2 });
      expect(record.steps[0].output).to.equal('v2 42');
      await cli('workflows', 'disable', 'notify');
      expect((await rejectionOf(rf.workflows.start('notify'))).code).to.equal('WORKFLOW_DISABLED');
    } finally {
      await rf.stop();
    }
    const list = await cli('executions', 'list');
    expect(list.stdout).to.match(/WORKFLOW\s+│ STATUS\s+│ TRIGGER │/);
    expect(list.stdout).to.match(/notify v2 │ completed │ webhook │/);
    const json = JSON.parse((await cli('executions', 'list', '--json')).stdout);
    expect(json[0]).to.deep.include({ workflowVersion: 2 });
    expect(json[0].trigger.type).to.equal('webhook');
  });
});
