import { expect } from 'chai';
import { createRelayflow, type Relayflow } from '@relayflow/core';
import httpPlugin from '@relayflow/plugin-http';
import { rejectionOf } from './support/errors';
import { tempDir } from './support/temp-dir';

const KEY = 'compiled-workflows-test-key-0123456789abcd';

describe('compiled workflows (Relayflow.compile / run of YAML text)', () => {
  let rf: Relayflow;

  beforeEach(async () => {
    rf = await createRelayflow({ plugins: [httpPlugin], dataDir: tempDir(), env: {}, config: { encryptionKey: KEY } });
  });

  afterEach(async () => {
    await rf.stop();
  });

  const yaml = 'name: cached\nsteps:\n  - name: call\n    type: http\n    connector-id: api\n    with: { path: /x }\n';

  it('compiles a text once: the same compiled workflow again, and a run does not compile it anew', async () => {
    await rf.connectors.create({ type: 'http', name: 'api', config: { url: 'http://127.0.0.1:9' } });
    const compiled = await rf.compile(yaml, 'cached.yaml');
    expect(await rf.compile(yaml, 'cached.yaml')).to.equal(compiled);
    expect(Object.isFrozen(compiled)).to.equal(true);
    const dry = await rf.run(yaml, { file: 'cached.yaml', dryRun: true });
    expect(dry.status).to.equal('completed');
    expect(await rf.compile(yaml, 'cached.yaml')).to.equal(compiled);
  });

  it('checks the connectors again once they change: a deleted connector makes the workflow invalid at once', async () => {
    const missing = await rejectionOf(rf.compile(yaml, 'cached.yaml'));
    expect(missing.code).to.equal('WORKFLOW_INVALID');
    expect(missing.problems[0].message).to.contain('connector "api" not found');
    await rf.connectors.create({ type: 'http', name: 'api', config: { url: 'http://127.0.0.1:9' } });
    const compiled = await rf.compile(yaml, 'cached.yaml');
    expect(compiled.name).to.equal('cached');
    await rf.connectors.delete('api');
    const gone = await rejectionOf(rf.compile(yaml, 'cached.yaml'));
    expect(gone.problems.map((p) => `${p.location?.line}:${p.location?.col}: ${p.message}`)).to.deep.equal(['5:19: connector "api" not found; create one with: relayflow connectors create --type http --name api']);
  });

  it('reports the problems of an invalid text the same way every time', async () => {
    const invalid = 'name: bad\nsteps:\n  - name: a\n    type: console\n    with: { message: "{{#open}}" }\n    retries: 3\n';
    const first = await rejectionOf(rf.compile(invalid, 'bad.yaml'));
    const second = await rejectionOf(rf.compile(invalid, 'bad.yaml'));
    expect(second.problems).to.deep.equal(first.problems);
    expect(first.problems.map((p) => `${p.location?.line}:${p.location?.col}`)).to.include.members(['6:5']);
  });
});
