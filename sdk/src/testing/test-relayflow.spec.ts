import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConnectorType, definePlugin, IsString, ok } from '../index';
import { createTestRelayflow } from './test-relayflow';

class Empty {}
class Secrets { @IsString() token!: string; }

const plugin = definePlugin({
  id: 'kept', sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(defineConnectorType({
      id: 'kept', name: 'Kept', config: Empty, secrets: Secrets, defaultAction: 'noop',
      actions: { noop: { params: Empty, async execute() { return ok(null); } } },
    }));
  },
});

describe('createTestRelayflow', () => {
  it('removes its own temporary data dir at stop()', async () => {
    const rf = await createTestRelayflow({ plugins: [plugin] });
    expect(existsSync(rf.dataDir)).to.equal(true);
    await rf.stop();
    expect(existsSync(rf.dataDir)).to.equal(false);
  });

  it('runs on a given data dir and keeps it, so a second Relayflow sees the connectors the first stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-sdk-kept-'));
    try {
      const first = await createTestRelayflow({ plugins: [plugin], dataDir, connectors: [{ type: 'kept', name: 'k', secrets: { token: 'kept-token' } }] });
      await first.stop();
      expect(existsSync(dataDir)).to.equal(true);
      const second = await createTestRelayflow({ plugins: [plugin], dataDir });
      expect((await second.relayflow.connectors.get('k'))?.type).to.equal('kept');
      expect(await second.runAction({ type: 'kept', connector: 'k' })).to.deep.include({ status: 'ok' });
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
