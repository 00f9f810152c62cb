import { expect } from 'chai';
import { Container } from 'inversify';
import { ECHO_PLUGIN } from '../../../test/support/cli';
import { tempDir } from '../../../test/support/temp-dir';
import type { Logger } from '../contracts/logger';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { Logger as LoggerToken } from '../contracts/logger';
import { Store } from '../contracts/store';
import type { RelayflowConfigInput } from '../config/relayflow-config-input';
import type { RelayflowError } from '../errors/relayflow-error';
import { createRelayflow } from './create-relayflow';

describe('createRelayflow', () => {
  it("keeps the host's own bindings for services (logger, store)", async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m) => lines.push(`debug ${m}`), info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`), child: () => logger,
    };
    const dataDir = tempDir();
    const store = new SqliteStore(`${tempDir()}/host.db`);
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(LoggerToken).toConstantValue(logger);
    container.bind(Store).toConstantValue(store);

    const rf = await createRelayflow({ container, plugins: [ECHO_PLUGIN], dataDir, env: {} });
    expect(rf.container).to.equal(container);
    expect(rf.container.get(Store)).to.equal(store);
    await rf.connectors.create({ type: 'echo', name: 'host', secrets: { token: 'host-token-value' } });
    expect(await store.connectors.list()).to.have.length(1);
    expect(lines.some((l) => l.startsWith('warn no encryptionKey configured: generated one'))).to.equal(true);
    await rf.executeAction({ type: 'echo', connector: 'host', params: { message: 'x' } });
    expect(lines).to.include('info saying with token [REDACTED]');
    await rf.stop();
  });

  it('takes the configuration as a typed object: relayflow.yaml\'s keys, checked by the compiler and at start', async () => {
    const config: RelayflowConfigInput = {
      encryptionKey: 'k'.repeat(40),
      networking: { allowedHosts: ['*.example.com'], responseTimeout: '5s', ssl: { verificationMode: 'full' } },
      limits: { eventSize: '1mb' },
      connectors: [{ id: 'echo-1', name: 'echo-one', type: 'echo', secrets: { token: 'typed-config-token' } }],
    };
    // @ts-expect-error a misspelt key is a compile error for a host (and an UNKNOWN_KEY at start)
    const misspelt: RelayflowConfigInput = { netwrking: {} };
    // @ts-expect-error a preconfigured connector needs id, name and type
    const incomplete: RelayflowConfigInput = { connectors: [{ name: 'x' }] };
    const rf = await createRelayflow({ config, plugins: [ECHO_PLUGIN], dataDir: tempDir(), env: {} });
    expect((await rf.connectors.get('echo-one')).isPreconfigured).to.equal(true);
    await rf.stop();
    const refused = await createRelayflow({ config: misspelt, plugins: [ECHO_PLUGIN], dataDir: tempDir(), env: {} }).then(() => undefined, (err: RelayflowError) => err);
    expect(refused?.problems.map((p) => p.message)[0]).to.match(/^unknown key "netwrking"/);
    expect(incomplete.connectors).to.have.length(1);
  });
});
