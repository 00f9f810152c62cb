import { expect } from 'chai';
import { createTestRelayflow } from '@relayflow/sdk/testing';

describe('@relayflow/plugin-slack', () => {
  it('loads by package name from its built manifest entry and registers slack and slack_api', async () => {
    // Loads dist/ through the package.json "relayflow" manifest, as discovery does: needs a build.
    const rf = await createTestRelayflow({ plugins: ['@relayflow/plugin-slack'] });
    try {
      const types = rf.relayflow.connectorTypes().filter((t) => t.plugin === 'relayflow-slack');
      expect(types.map((t) => [t.id, t.defaultAction, t.actions.map((a) => a.id), t.hasTest])).to.deep.equal([
        ['slack', 'postMessage', ['postMessage'], false],
        ['slack_api', 'postMessage', ['postMessage', 'postBlockkit', 'validChannelId'], true],
      ]);
    } finally {
      await rf.stop();
    }
  });
});
