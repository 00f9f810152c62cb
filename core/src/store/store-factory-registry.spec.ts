import { expect } from 'chai';
import { Container } from 'inversify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { thrownBy } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import type { Logger } from '../contracts/logger';
import { exitCodeFor } from '../errors/error-info';
import type { Store } from '../contracts/store';
import { StoreFactory, StoreFactoryRegistry, type StoreFactoryContext } from '../contracts/store-factory';
import { PostgresStore } from './postgres/postgres-store';
import { PostgresStoreFactory } from './postgres/postgres-store-factory';
import { SqliteStore } from './sqlite/sqlite-store';
import { SqliteStoreFactory } from './sqlite/sqlite-store-factory';
import { StoreFactoryRegistryImpl, schemeOf } from './store-factory-registry';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** A factory that hands back a marker instead of a store, naming itself. */
function fakeFactory(label: string, schemes: string[]): StoreFactory {
  return { schemes, description: `the ${label} store`, create: (url) => ({ label, url }) as unknown as Store };
}

/** A registry over the factories bound in a fresh container, in this order. */
function registryOf(...factories: StoreFactory[]): StoreFactoryRegistry {
  const container = new Container({ defaultScope: 'Singleton' });
  for (const f of factories) container.bind(StoreFactory).toConstantValue(f);
  container.bind(StoreFactoryRegistry).to(StoreFactoryRegistryImpl);
  return container.get<StoreFactoryRegistry>(StoreFactoryRegistry);
}

describe('StoreFactoryRegistry', () => {
  const context: StoreFactoryContext = { dataDir: tempDir(), baseDir: tempDir(), logger: quiet };

  describe('.list', () => {
    it('is empty when no factory is bound', () => {
      expect(registryOf().list()).to.deep.equal([]);
    });
  });

  describe('.create', () => {
    it('picks the factory by the setting\'s scheme, whatever its case', () => {
      const registry = registryOf(fakeFactory('memory', ['memory']), fakeFactory('postgres', ['postgres', 'postgresql']));
      expect(registry.create('memory', context)).to.deep.equal({ label: 'memory', url: 'memory' });
      expect(registry.create('PostgreSQL://db/rf', context)).to.deep.equal({ label: 'postgres', url: 'PostgreSQL://db/rf' });
    });

    it('uses the first factory bound for a scheme (a host binds before core)', () => {
      const registry = registryOf(fakeFactory('host', ['sqlite']), new SqliteStoreFactory());
      expect(registry.create('sqlite', context)).to.deep.include({ label: 'host' });
    });

    it('makes the embedded SQLite store in the data dir for "sqlite"', async () => {
      const store = registryOf(new SqliteStoreFactory()).create('sqlite', context);
      expect(store).to.be.instanceOf(SqliteStore);
      await store.open();
      expect(existsSync(join(context.dataDir, 'relayflow.db'))).to.equal(true);
      expect(await store.connectors.list()).to.deep.equal([]);
      await store.close();
    });

    it('refuses a scheme no factory serves with NOT_SUPPORTED (exit 2), never showing a password', () => {
      const registry = registryOf(new SqliteStoreFactory());
      const postgres = thrownBy(() => registry.create('postgres://relay:Pa55word@db:5432/rf?sslpassword=Key5ecret', context));
      expect(postgres.code).to.equal('NOT_SUPPORTED');
      expect(exitCodeFor(postgres)).to.equal(2);
      expect(postgres.message).to.equal('store "postgres://db:5432/rf?sslpassword=***" is not available in this version: only the embedded SQLite store ("store: sqlite") is');
      expect(thrownBy(() => registry.create('mysql://root:hunter22@db/rf', context)).message)
        .to.equal('store "mysql://db/rf" is not available in this version: only the embedded SQLite store ("store: sqlite") is');
    });

    it('lists every store available when refusing', () => {
      const registry = registryOf(new SqliteStoreFactory(), new PostgresStoreFactory());
      expect(thrownBy(() => registry.create('redis://user:hunter22@cache', context)).message)
        .to.equal('store "redis://cache" is not available in this version: only the embedded SQLite store ("store: sqlite") and the PostgreSQL store ("store: postgres://user@host:5432/database") are');
    });

    it('makes the PostgreSQL store for postgres:// and postgresql:// (not connected yet: the lifecycle opens it)', () => {
      const registry = registryOf(new SqliteStoreFactory(), new PostgresStoreFactory());
      for (const url of ['postgres://relay:Pa55word@127.0.0.1:1/rf', 'PostgreSQL://127.0.0.1/rf']) {
        const store = registry.create(url, context);
        expect(store, url).to.be.instanceOf(PostgresStore);
        expect(store.shared, url).to.equal(true);
      }
    });

    it('refuses a PostgreSQL setting that is not a URL with CONFIG_INVALID, never showing a password', () => {
      const err = thrownBy(() => registryOf(new PostgresStoreFactory()).create('postgres://relay:Pa55word@db:port/rf', context));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(err.message).to.equal('store "postgres://db:port/rf" is not a PostgreSQL URL; write it as postgres://user:password@host:5432/database');
    });

    it('says no store is bound when none is', () => {
      expect(thrownBy(() => registryOf().create('sqlite', context)).message)
        .to.equal('store "sqlite" is not available: no StoreFactory is bound in the container');
    });

    it('refuses a path after sqlite: (the data dir chooses the file)', () => {
      const err = thrownBy(() => registryOf(new SqliteStoreFactory()).create('sqlite:/var/db.sqlite', context));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(err.message).to.match(/the SQLite store takes no path; write "store: sqlite" and choose where its file goes with --data-dir/);
    });
  });

  describe('schemeOf', () => {
    it('reads the scheme of a URL or a bare word, lower-case', () => {
      expect(['sqlite', 'SQLite', 'postgres://u:p@h/db', 'sqlite:./x.db', ' memory ', '/var/x.db', ''].map(schemeOf))
        .to.deep.equal(['sqlite', 'sqlite', 'postgres', 'sqlite', 'memory', undefined, undefined]);
    });
  });
});
