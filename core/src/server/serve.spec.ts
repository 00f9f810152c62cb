import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TriggerSource, type TriggerContext } from '../contracts/trigger-source';
import { createContainer, createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { serve } from './serve';

describe('serve', () => {
  let dataDir: string;
  let rf: Relayflow;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'relayflow-serve-'));
  });

  afterEach(async () => {
    await rf.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts bound trigger sources after the server and stops them first; their executions are waited for', async () => {
    const events: string[] = [];
    let context: TriggerContext | undefined;
    const source: TriggerSource = {
      name: 'test-clock',
      start(ctx) {
        context = ctx;
        events.push('source started');
      },
      stop() {
        events.push('source stopped');
      },
    };
    const container = createContainer();
    container.bind<TriggerSource>(TriggerSource).toConstantValue(source);
    rf = await createRelayflow({ container, plugins: [], dataDir, env: {} });
    await rf.workflows.create('name: ticked\nsteps:\n  - { name: w, type: wait, with: { duration: 200ms } }\n');
    const server = await serve(rf, { port: 0, shutdownGraceMs: 5000 });
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(events).to.deep.equal(['source started']);
    const started = await context!.start('ticked', { trigger: { type: 'scheduled', at: '2026-12-06T10:00:00.000Z' } });
    expect(server.running).to.equal(1);
    await rf.stop();
    expect(events).to.deep.equal(['source started', 'source stopped']);
    const record = await started.finished;
    expect(record.status).to.equal('completed');
    expect(record.trigger).to.deep.equal({ type: 'scheduled', at: '2026-12-06T10:00:00.000Z' });
    let refused: unknown;
    await context!.start('ticked', {}).catch((err: unknown) => { refused = err; });
    expect((refused as { code?: string }).code).to.equal('SHUTTING_DOWN');
  });
});
