import { expect } from 'chai';
import { eventually, startHangingServer, type HangingServer } from '../../../test/fixtures/workflows/servers';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { WorkflowService } from '../contracts/workflow-service';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('../../../test/fixtures/workflows/plugins/probe');

const say = (name: string, message: string, extra = ''): string =>
  `name: ${name}\n${extra}steps:\n  - { name: say, type: console, with: { message: "${message}" } }\n`;

describe('WorkflowLibraryImpl', () => {
  const open: Relayflow[] = [];
  let dataDir: string;
  let rf: Relayflow;
  async function relayflow(): Promise<Relayflow> {
    const made = await createRelayflow({ plugins: [probePlugin], dataDir, env: {} });
    open.push(made);
    return made;
  }
  beforeEach(async () => {
    dataDir = tempDir();
    rf = await relayflow();
  });
  afterEach(async () => { await Promise.all(open.splice(0).map((r) => r.stop())); });

  describe('.deploy', () => {
    it('creates version 1, then stores each deploy as the next version; get gives the latest YAML', async () => {
      const first = await rf.workflows.deploy(say('notify', 'one', 'triggers: [{ type: webhook }]\n'), 'notify.yaml');
      expect(first).to.deep.include({ created: true, changed: true });
      expect(first.workflow).to.deep.include({ id: 'notify', name: 'notify', version: 1, enabled: true, triggers: [{ type: 'webhook' }] });
      expect(first.workflow).to.not.have.property('yaml');
      const second = await rf.workflows.deploy(say('notify', 'two', 'triggers: [{ type: scheduled, with: { every: 5m } }]\n'), 'notify.yaml');
      expect(second).to.deep.include({ created: false, changed: true });
      expect(second.workflow).to.deep.include({ version: 2, triggers: [{ type: 'scheduled', everyMs: 300_000 }], createdAt: first.workflow.createdAt });
      expect((await rf.workflows.get('notify')).yaml).to.contain('message: "two"');
      expect((await rf.workflows.list()).map((w) => [w.id, w.version])).to.deep.equal([['notify', 2]]);
    });

    it('stores nothing when the YAML is the latest version\'s, byte for byte', async () => {
      const yaml = say('w', 'same');
      expect(await rf.workflows.deploy(yaml)).to.deep.include({ created: true, changed: true });
      await rf.workflows.setEnabled('w', false);
      const again = await rf.workflows.deploy(yaml);
      expect(again).to.deep.include({ created: false, changed: false });
      expect(again.workflow).to.deep.include({ version: 1, enabled: false });
      expect((await rf.workflows.deploy(`${yaml}\n`)).workflow.version).to.equal(2);
    });

    it('checks the YAML as validate does, connectors included, every problem at FILE:LINE:COL', async () => {
      const err = await rejectionOf(rf.workflows.deploy('name: x\nsteps:\n  - { name: a, type: probe, connector-id: nowhere, with: { path: / } }\n', 'x.yaml'));
      expect(err.code).to.equal('WORKFLOW_INVALID');
      expect(err.problems[0].location).to.deep.include({ file: 'x.yaml', line: 3 });
      expect(err.problems[0].message).to.contain('nowhere');
      expect(await rf.workflows.list()).to.deep.equal([]);
    });

    it('refuses a name that cannot be an id in URLs, at its line', async () => {
      const err = await rejectionOf(rf.workflows.deploy(say('team/notify', 'x'), 'bad.yaml'));
      expect(err.code).to.equal('WORKFLOW_INVALID');
      expect(err.problems[0].location).to.deep.include({ file: 'bad.yaml', line: 1, col: 7 });
    });
  });

  describe('.create / .replace', () => {
    it('create refuses a taken name; replace stores the next version and refuses another name at its line', async () => {
      await rf.workflows.create(say('w', 'one'));
      expect((await rejectionOf(rf.workflows.create(say('w', 'again')))).code).to.equal('WORKFLOW_NAME_TAKEN');
      expect((await rf.workflows.replace('w', say('w', 'two'))).version).to.equal(2);
      const renamed = await rejectionOf(rf.workflows.replace('w', say('v', 'three'), 'v.yaml'));
      expect(renamed.code).to.equal('WORKFLOW_INVALID');
      expect(renamed.problems).to.have.length(1);
      expect(renamed.problems[0]).to.deep.include({ path: 'name', location: { file: 'v.yaml', line: 1, col: 7 } });
      expect((await rejectionOf(rf.workflows.replace('nope', say('nope', 'x')))).code).to.equal('WORKFLOW_NOT_FOUND');
      expect((await rf.workflows.get('w')).version).to.equal(2);
    });
  });

  describe('enabled', () => {
    it('stores a workflow saying enabled: false disabled; start refuses it until enabled, then the toggle wins over the YAML', async () => {
      const off = await rf.workflows.deploy(say('w', 'hi', 'enabled: false\n'));
      expect(off.workflow.enabled).to.equal(false);
      const refused = await rejectionOf(rf.workflows.start('w'));
      expect(refused.code).to.equal('WORKFLOW_DISABLED');
      expect(refused.message).to.equal('workflow "w" is disabled; enable it with: relayflow workflows enable w');
      expect((await rf.workflows.setEnabled('w', true)).enabled).to.equal(true);
      expect((await rf.workflows.compiled('w')).enabled).to.equal(true);
      const record = await (await rf.workflows.start('w')).finished;
      expect(record.status).to.equal('completed');
    });

    it('keeps the toggle through a deploy whose YAML does not say enabled; a version that says it sets it', async () => {
      await rf.workflows.deploy(say('w', 'one'));
      await rf.workflows.setEnabled('w', false);
      expect((await rf.workflows.deploy(say('w', 'two'))).workflow.enabled).to.equal(false);
      expect((await rf.workflows.deploy(say('w', 'three', 'enabled: true\n'))).workflow.enabled).to.equal(true);
      expect((await rf.workflows.deploy(say('w', 'four'))).workflow.enabled).to.equal(true);
      expect((await rf.workflows.deploy(say('w', 'five', 'enabled: false\n'))).workflow.enabled).to.equal(false);
      expect((await rejectionOf(rf.workflows.setEnabled('nope', true))).code).to.equal('WORKFLOW_NOT_FOUND');
    });
  });

  describe('.compiled', () => {
    it('compiles each version once (the deploying process not even once), and gives any stored version with its number', async () => {
      const service = rf.container.get<WorkflowService>(WorkflowService);
      const compile = service.compile.bind(service);
      let compiles = 0;
      service.compile = (yaml, file) => { compiles++; return compile(yaml, file); };
      const other = await relayflow();
      await other.workflows.deploy(say('w', 'one'));
      await other.workflows.deploy(say('w', 'two'));
      const latest = await rf.workflows.compiled('w');
      expect(latest).to.deep.include({ id: 'w', version: 2 });
      expect(compiles).to.equal(1);
      expect(await rf.workflows.compiled('w')).to.equal(latest);
      for (let i = 0; i < 20; i++) await (await rf.workflows.start('w')).finished;
      expect(compiles).to.equal(1);
      const first = await rf.workflows.compiled('w', 1);
      expect(first.version).to.equal(1);
      expect(first.yaml).to.contain('one');
      await rf.workflows.compiled('w', 1);
      expect(compiles).to.equal(2);
      await rf.workflows.deploy(say('w', 'three'));
      expect(compiles).to.equal(3);
      expect((await (await rf.workflows.start('w')).finished).workflowVersion).to.equal(3);
      expect(compiles).to.equal(3);
      for (const missing of [0, 4, 1.5]) expect((await rejectionOf(rf.workflows.compiled('w', missing))).code, String(missing)).to.equal('WORKFLOW_NOT_FOUND');
    });

    it('sees a version deployed by another process at once', async () => {
      await rf.workflows.deploy(say('w', 'one'));
      expect((await rf.workflows.compiled('w')).version).to.equal(1);
      const other = await relayflow();
      await other.workflows.deploy(say('w', 'two'));
      const seen = await rf.workflows.compiled('w');
      expect(seen.version).to.equal(2);
      expect(seen.yaml).to.contain('two');
      const record = await (await rf.workflows.start('w')).finished;
      expect(record.workflowVersion).to.equal(2);
      expect(record.steps[0].output).to.equal('two');
    });
  });

  describe('.start', () => {
    let hanging: HangingServer;
    beforeEach(async () => { hanging = await startHangingServer(); });
    afterEach(() => hanging.close());

    it('records the version and the trigger; a running execution keeps its version when the workflow is replaced', async () => {
      const slow = `name: w\nsteps:\n  - { name: call, type: probe, with: { url: "${hanging.url}/slow" } }\n`;
      await rf.workflows.deploy(slow);
      const running = await rf.workflows.start('w', { trigger: { type: 'webhook', at: '2026-03-01T10:00:00.000Z' }, event: { n: 1 } });
      await eventually(() => hanging.received === 1);
      await rf.workflows.replace('w', say('w', 'v2'));
      const second = await (await rf.workflows.start('w')).finished;
      expect(second).to.deep.include({ status: 'completed', workflowVersion: 2 });
      expect(second.trigger?.type).to.equal('manual');
      expect((await rf.executions.get(second.id)).workflowVersion).to.equal(2);
      expect(await rf.executions.cancel(running.id)).to.equal(true);
      const first = await running.finished;
      expect(first).to.deep.include({ status: 'cancelled', workflowVersion: 1 });
      const stored = await rf.executions.get(running.id);
      expect(stored).to.deep.include({ workflowVersion: 1, trigger: { type: 'webhook', at: '2026-03-01T10:00:00.000Z' } });
    });

    it('refuses an unknown workflow and bad inputs before anything runs', async () => {
      await rf.workflows.deploy(`name: typed\ninputs: [{ name: n, type: number, required: true }]\nsteps:\n  - { name: a, type: console, with: { message: "{{ inputs.n }}" } }\n`);
      expect((await rejectionOf(rf.workflows.start('nope'))).code).to.equal('WORKFLOW_NOT_FOUND');
      expect((await rejectionOf(rf.workflows.start('typed', { inputs: { n: 'many' } }))).code).to.equal('BAD_ARGUMENT');
      expect((await rejectionOf(rf.workflows.start('typed'))).code).to.equal('BAD_ARGUMENT');
      expect(await rf.executions.list()).to.deep.equal([]);
      expect((await (await rf.workflows.start('typed', { inputs: { n: '3' } })).finished).steps[0].output).to.equal('3');
    });

    it('with requireTrigger starts only a workflow whose latest version declares that trigger (else WORKFLOW_NOT_FOUND)', async () => {
      await rf.workflows.deploy(say('hooked', 'hi', 'triggers: [{ type: webhook }]\n'));
      await rf.workflows.deploy(say('manual', 'hi'));
      const refused = await rejectionOf(rf.workflows.start('manual', { requireTrigger: 'webhook' }));
      expect(refused.code).to.equal('WORKFLOW_NOT_FOUND');
      expect(refused.message).to.contain('has no webhook trigger');
      expect(await rf.executions.list()).to.deep.equal([]);
      expect((await (await rf.workflows.start('hooked', { requireTrigger: 'webhook' })).finished).status).to.equal('completed');
      await rf.workflows.replace('hooked', say('hooked', 'hi'));
      expect((await rejectionOf(rf.workflows.start('hooked', { requireTrigger: 'webhook' }))).code).to.equal('WORKFLOW_NOT_FOUND');
      expect((await (await rf.workflows.start('manual')).finished).status).to.equal('completed');
    });
  });

  describe('.delete', () => {
    it('deletes a workflow (compiled versions forgotten); deployed again it continues after its old versions', async () => {
      await rf.workflows.deploy(say('w', 'one'));
      await rf.workflows.deploy(say('w', 'two'));
      await rf.workflows.compiled('w');
      await rf.workflows.delete('w');
      expect((await rejectionOf(rf.workflows.get('w'))).code).to.equal('WORKFLOW_NOT_FOUND');
      expect((await rejectionOf(rf.workflows.compiled('w'))).code).to.equal('WORKFLOW_NOT_FOUND');
      expect((await rejectionOf(rf.workflows.start('w'))).code).to.equal('WORKFLOW_NOT_FOUND');
      expect((await rejectionOf(rf.workflows.delete('w'))).code).to.equal('WORKFLOW_NOT_FOUND');
      const again = await rf.workflows.deploy(say('w', 'three'));
      expect(again).to.deep.include({ created: true });
      expect(again.workflow.version).to.equal(3);
      expect((await (await rf.workflows.start('w')).finished).steps[0].output).to.equal('three');
    });
  });
});
