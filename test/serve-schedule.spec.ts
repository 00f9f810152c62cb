import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from './support/cli';
import { send } from './support/rest-server';
import { listening, startServe, type Served } from './support/serve-process';
import { tempDir } from './support/temp-dir';

const KEY = 'rfk_test-key-for-the-schedule-spec-0123456789';
const auth = { authorization: `ApiKey ${KEY}` };

interface Item { id: string; trigger: { type: string; at: string } }

describe('relayflow serve: scheduled triggers', function () {
  this.timeout(60_000);
  let dir: string;
  let args: string[];
  const children: Served[] = [];

  beforeEach(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'relayflow.yaml'), [
      'plugins: []',
      'encryptionKey: schedule-spec-encryption-key-0123456789',
      'server:',
      '  apiKeys:',
      '    - { name: ci, key: "${env:RELAYFLOW_API_KEY}", scopes: [read, run, admin] }',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'tick.yaml'), 'name: tick\ntriggers:\n  - { type: scheduled, with: { every: 1s } }\nsteps:\n  - { name: say, type: console, with: { message: "tick at {{ execution.startedAt }}" } }\n');
    args = ['--config', join(dir, 'relayflow.yaml'), '--data-dir', join(dir, 'data')];
  });

  afterEach(async () => {
    for (const served of children.splice(0)) {
      if (served.child.exitCode === null) served.child.kill('SIGKILL');
      await served.exited;
    }
  });

  const serve = (): Served => {
    const served = startServe(['serve', '--port', '0', ...args], dir, KEY);
    children.push(served);
    return served;
  };

  const scheduled = async (url: string): Promise<Item[]> => {
    const res = await send(url, 'GET', '/api/executions?workflowId=tick&limit=100', { headers: auth });
    return (res.body as { items: Item[] }).items.filter((i) => i.trigger.type === 'scheduled');
  };

  it('fires a workflow deployed while the server runs, each slot once, and never again after a restart', async () => {
    const first = serve();
    const url = await listening(first);
    const deployed = await runCli(['workflows', 'deploy', 'tick.yaml', ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } });
    expect(deployed.code, deployed.stderr).to.equal(0);
    const until = Date.now() + 20_000;
    while ((await scheduled(url)).length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const fired = await scheduled(url);
    expect(fired.length).to.be.at.least(3);
    const slots = fired.map((i) => i.trigger.at);
    expect(new Set(slots).size).to.equal(slots.length);
    // Slots are whole intervals after the workflow was stored: one second apart.
    const times = slots.map((s) => Date.parse(s)).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect((times[i] - times[i - 1]) % 1000).to.equal(0);

    first.child.kill('SIGTERM');
    expect(await first.exited).to.equal(0);
    const second = serve();
    const again = await listening(second);
    await new Promise((r) => setTimeout(r, 2500));
    const after = (await scheduled(again)).map((i) => i.trigger.at);
    expect(new Set(after).size, 'a slot fired twice').to.equal(after.length);
    expect(after.length).to.be.greaterThan(slots.length);
  });

  it('stops firing a disabled workflow', async () => {
    const served = serve();
    const url = await listening(served);
    expect((await runCli(['workflows', 'deploy', 'tick.yaml', ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } })).code).to.equal(0);
    const until = Date.now() + 10_000;
    while ((await scheduled(url)).length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect((await runCli(['workflows', 'disable', 'tick', ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } })).code).to.equal(0);
    await new Promise((r) => setTimeout(r, 2500));
    const count = (await scheduled(url)).length;
    await new Promise((r) => setTimeout(r, 2000));
    expect((await scheduled(url)).length).to.equal(count);
  });

  it('runs the fires missed while no server ran once at start, for the latest missed slot', async () => {
    // Deployed while no server runs: its slots pass unseen until one starts.
    const deployedAt = Date.now();
    expect((await runCli(['workflows', 'deploy', 'tick.yaml', ...args], { cwd: dir, env: { RELAYFLOW_API_KEY: KEY } })).code).to.equal(0);
    await new Promise((r) => setTimeout(r, 3500));
    // The scheduler looks for missed slots somewhere between the spawn and "listening" (a
    // loaded machine may take seconds): the latest missed slot is after spawnedAt - 1 s.
    const spawnedAt = Date.now();
    const served = serve();
    const url = await listening(served);
    const startedAt = Date.now();
    const until = Date.now() + 10_000;
    while ((await scheduled(url)).length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const [catchUp] = await scheduled(url);
    const slot = Date.parse(catchUp.trigger.at);
    // Several slots were missed; one execution makes up for them, for the latest before the start.
    expect(slot).to.be.above(deployedAt + 2000).and.at.most(startedAt);
    await new Promise((r) => setTimeout(r, 300));
    const fired = await scheduled(url);
    expect(fired.filter((i) => Date.parse(i.trigger.at) <= spawnedAt - 1000), 'a missed slot before the latest ran').to.have.length(0);
  });
});
