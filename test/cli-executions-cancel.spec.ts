import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRelayflow, Store, type Relayflow } from '@relayflow/core';
import { eventually, startHangingServer, type HangingServer } from './fixtures/workflows/servers';
import { runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

const PROBE = join(__dirname, 'fixtures', 'workflows', 'plugins', 'probe');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('./fixtures/workflows/plugins/probe');

describe('relayflow executions cancel (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let hanging: HangingServer;
  let server: Relayflow;
  const cli = (...args: string[]): Promise<CliResult> => runCli(['--data-dir', join(dir, 'data'), ...args], { cwd: dir });

  beforeEach(async () => {
    dir = tempDir();
    writeFileSync(join(dir, 'relayflow.yaml'), `plugins: [${JSON.stringify(PROBE)}]\n`);
    hanging = await startHangingServer();
    // Stands in for `relayflow serve`: another process runs the execution.
    server = await createRelayflow({ dataDir: join(dir, 'data'), plugins: [probePlugin], env: {} });
    await server.workflows.deploy(`name: hangs\nsteps:\n  - { name: call, type: probe, with: { url: "${hanging.url}/slow" } }\n  - { name: after, type: console, with: { message: never } }\n`);
  });
  afterEach(async () => {
    await server.stop();
    await hanging.close();
  });

  it('cancels an execution another process runs: its request is aborted, the record ends cancelled, exit 0', async () => {
    const started = await server.workflows.start('hangs', { trigger: { type: 'webhook', at: new Date().toISOString() } });
    await eventually(() => hanging.received === 1);
    const result = await cli('executions', 'cancel', started.id);
    expect(result).to.deep.include({ code: 0, stdout: `cancelled execution ${started.id} of hangs\n` });
    const record = await started.finished;
    expect(record.status).to.equal('cancelled');
    expect(record.steps.map((s) => [s.name, s.status, s.error?.type])).to.deep.equal([['call', 'failed', 'Cancelled']]);
    await eventually(() => hanging.aborted === 1);
  });

  it('prints the cancelled record with --json', async () => {
    const started = await server.workflows.start('hangs');
    await eventually(() => hanging.received === 1);
    const result = await cli('executions', 'cancel', started.id, '--json');
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({ id: started.id, status: 'cancelled', workflowVersion: 1 });
    await started.finished;
  });

  it('exits 2 for an unknown execution and for one that already ended', async () => {
    expect(await cli('executions', 'cancel', 'nope')).to.deep.include({ code: 2, stdout: '', stderr: 'error: no execution with id "nope"; list them with: relayflow executions list\n' });
    const done = await server.run('name: quick\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n');
    await server.executions.get(done.id);
    const result = await cli('executions', 'cancel', done.id);
    expect(result).to.deep.include({ code: 2, stdout: '', stderr: `error: execution ${done.id} is not running: it ended completed at ${done.finishedAt}; only a running execution can be cancelled\n` });
  });

  it('exits 1 when no process ends it in time (the one that ran it died)', async () => {
    // A record left running by a process that is gone: nobody polls for its cancel request.
    const store = server.container.get<Store>(Store);
    const id = '01900000-0000-7000-8000-000000000001';
    await store.executions.start({
      id, workflow: { id: 'hangs', name: 'hangs' }, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, durationMs: null, error: null, steps: [],
    }, { yaml: '', event: {}, inputs: {} });
    await server.executions.get(id);
    const result = await cli('executions', 'cancel', id, '--timeout', '300ms');
    expect(result).to.deep.include({
      code: 1, stdout: '',
      stderr: `error: asked to cancel execution ${id}, but it has not ended within 300ms: the process running it may have stopped (such an execution stays running until it is resumed)\n`,
    });
  });
});
