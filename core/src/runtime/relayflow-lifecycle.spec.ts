import { expect } from 'chai';
import { Container } from 'inversify';
import { ECHO_PLUGIN } from '../../../test/support/cli';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { Lifecycle } from '../contracts/lifecycle';
import { Logger } from '../contracts/logger';
import { definePlugin, type Plugin } from '../contracts/plugin';
import { exitCodeFor } from '../errors/error-info';
import { Store } from '../contracts/store';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import { createRelayflow } from './create-relayflow';

/** A plugin that records its start and stop in `log`. */
function recordingPlugin(log: string[]): Plugin {
  return definePlugin({
    id: 'recorder', sdk: '^1.0.0',
    setup: () => undefined,
    start: () => { log.push('plugin start'); },
    stop: () => { log.push('plugin stop'); },
  });
}

/** A real SQLite store that records when it opens and closes. */
function recordingStore(log: string[], file = `${tempDir()}/host.db`): SqliteStore {
  const store = new SqliteStore(file);
  const open = store.open.bind(store);
  const close = store.close.bind(store);
  store.open = async () => { log.push('store open'); await open(); };
  store.close = async () => { log.push('store close'); await close(); };
  return store;
}

/** A logger keeping `level message` lines. */
function linesLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`), info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`), child: () => logger,
  };
  return { logger, lines };
}

describe('Relayflow lifecycle', () => {
  describe('createRelayflow', () => {
    it('starts plugins, then opens the store, then checks keys; stops plugins, then closes the store', async () => {
      const log: string[] = [];
      const container = new Container({ defaultScope: 'Singleton' });
      const store = recordingStore(log);
      container.bind(Store).toConstantValue(store);
      const rf = await createRelayflow({ container, plugins: [recordingPlugin(log)], dataDir: tempDir(), env: {}, config: { encryptionKey: 'k'.repeat(32) } });
      expect(log).to.deep.equal(['plugin start', 'store open']);
      await rf.stop();
      expect(log).to.deep.equal(['plugin start', 'store open', 'plugin stop', 'store close']);
      await rf.stop();
      expect(log).to.have.length(4);
    });

    it('stops the started plugins (and closes the store) when the key check fails', async () => {
      const log: string[] = [];
      const dataDir = tempDir();
      const first = await createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: 'a'.repeat(32) } });
      await first.connectors.create({ type: 'echo', name: 'sealed', secrets: { token: 'sealed-token-value' } });
      await first.stop();

      const container = new Container({ defaultScope: 'Singleton' });
      container.bind(Store).toConstantValue(recordingStore(log, `${dataDir}/relayflow.db`));
      const err = await rejectionOf(createRelayflow({ container, plugins: [recordingPlugin(log)], dataDir, env: {}, config: { encryptionKey: 'b'.repeat(32) } }));
      expect(err.code).to.equal('DECRYPTION_FAILED');
      expect(log).to.deep.equal(['plugin start', 'store open', 'plugin stop', 'store close']);
    });

    it("lets a host add a part that starts after core's parts and stops before them", async () => {
      const log: string[] = [];
      const container = new Container({ defaultScope: 'Singleton' });
      container.bind(Store).toConstantValue(recordingStore(log));
      const rf = await createRelayflow({ container, plugins: [recordingPlugin(log)], dataDir: tempDir(), env: {}, config: { encryptionKey: 'k'.repeat(32) } });
      const lifecycle = rf.container.get<Lifecycle>(Lifecycle);
      lifecycle.register({ name: 'server', start: () => { log.push('server start'); }, stop: () => { log.push('server stop'); } });
      await lifecycle.start();
      await rf.stop();
      expect(log).to.deep.equal(['plugin start', 'store open', 'server start', 'server stop', 'plugin stop', 'store close']);
    });
  });

  describe('createRelayflow({ logger })', () => {
    it("sends core's and plugins' lines to a host's plain logger object", async () => {
      const { logger, lines } = linesLogger();
      const rf = await createRelayflow({ logger, plugins: [ECHO_PLUGIN], dataDir: tempDir(), env: {} });
      expect(rf.container.get(Logger)).to.equal(logger);
      await rf.connectors.create({ type: 'echo', name: 'host', secrets: { token: 'host-token-value' } });
      await rf.executeAction({ type: 'echo', connector: 'host', params: { message: 'x' } });
      await rf.stop();
      expect(lines).to.include('info store opened');
      expect(lines.some((l) => l.startsWith('warn no encryptionKey configured: generated one'))).to.equal(true);
      expect(lines).to.include('info saying with token [REDACTED]');
      expect(lines).to.include('info stopping plugins, egress, store');
    });

    it('refuses a logger option together with a container that binds Logger (BAD_ARGUMENT)', async () => {
      const container = new Container({ defaultScope: 'Singleton' });
      container.bind(Logger).toConstantValue(linesLogger().logger);
      const err = await rejectionOf(createRelayflow({ container, logger: linesLogger().logger, plugins: [], dataDir: tempDir(), env: {} }));
      expect(err.code).to.equal('BAD_ARGUMENT');
    });

    it('refuses a logger without every Logger method', async () => {
      const err = await rejectionOf(createRelayflow({ logger: { info() {} } as unknown as Logger, plugins: [], dataDir: tempDir(), env: {} }));
      expect(err.message).to.equal('the logger given to createRelayflow has no debug, warn, error, child methods; a Logger has debug, info, warn, error and child');
    });
  });

  describe('store setting', () => {
    it('refuses a PostgreSQL store without an encryption key (CONFIG_INVALID, exit 2), naming the setting, before starting anything', async () => {
      const log: string[] = [];
      const err = await rejectionOf(createRelayflow({
        plugins: [recordingPlugin(log)], dataDir: tempDir(), env: {}, config: { store: 'postgres://relay:Pa55word@db.internal:5432/relayflow' },
      }));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(exitCodeFor(err)).to.equal(2);
      expect(err.message).to.match(/^encryptionKey is required with store "postgres:\/\/db\.internal:5432\/relayflow": /);
      expect(log).to.deep.equal([]);
    });

    it('stops what started when the PostgreSQL store cannot be reached (STORE_UNAVAILABLE, exit 2)', async () => {
      const log: string[] = [];
      const err = await rejectionOf(createRelayflow({
        plugins: [recordingPlugin(log)], dataDir: tempDir(), env: { RELAYFLOW_ENCRYPTION_KEY: 'lifecycle-test-key-0123456789abcdef' }, config: { store: 'postgres://relay:Pa55word@127.0.0.1:1/relayflow' },
      }));
      expect(err.code).to.equal('STORE_UNAVAILABLE');
      expect(exitCodeFor(err)).to.equal(2);
      expect(err.message).to.match(/^cannot open the PostgreSQL store postgres:\/\/127\.0\.0\.1:1\/relayflow: connect ECONNREFUSED/).and.not.contain('Pa55word');
      expect(log).to.deep.equal(['plugin start', 'plugin stop']);
    });
  });
});
