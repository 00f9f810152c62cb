import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { Store, StoredConnector } from '../../../core/src/contracts/store';
import { rejectionOf } from '../errors';
import type { StoreMaker } from './store-maker';

/** The same UUID-shaped id for a name every time. */
function idOf(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function connector(name: string, extra: Partial<StoredConnector> = {}): StoredConnector {
  return {
    id: idOf(name), name, type: 'slack', config: { channel: `#${name}` },
    secrets: { ciphertext: `sealed-${name}`, keyId: 'k1' }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
  };
}

/** The ConnectorStore contract. */
export function connectorStoreSuite(maker: StoreMaker): void {
  describe('ConnectorStore', () => {
    let store: Store;
    beforeEach(async () => { store = await maker.open(); });

    describe('.insert / .get / .getByName / .list', () => {
      it('reads a connector back as written, by id and by name, and lists them by name in byte order', async () => {
        const ops = connector('ops', { id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', config: { channel: '#ops', nested: { z: 1, a: [true, null, 'x\u0000y'] } } });
        const upper = connector('Zulu', { id: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
        const alpha = connector('alpha', { id: '8f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', secrets: { ciphertext: 'sealed-alpha', keyId: 'k2' } });
        for (const c of [ops, upper, alpha]) await store.connectors.insert(c);
        expect(await store.connectors.get(ops.id)).to.deep.equal(ops);
        expect(JSON.stringify(await store.connectors.get(ops.id))).to.equal(JSON.stringify(ops));
        expect(await store.connectors.getByName('alpha')).to.deep.equal(alpha);
        expect(await store.connectors.get('nope')).to.equal(undefined);
        expect(await store.connectors.getByName('Alpha')).to.equal(undefined);
        expect((await store.connectors.list()).map((c) => c.name)).to.deep.equal(['Zulu', 'alpha', 'ops']);
        expect((await store.connectors.keyIds()).sort()).to.deep.equal(['k1', 'k2']);
      });

      it('refuses a taken name with CONNECTOR_NAME_TAKEN and a taken id with CONNECTOR_ID_TAKEN, keeping the first', async () => {
        const first = connector('ops');
        await store.connectors.insert(first);
        const name = await rejectionOf(store.connectors.insert(connector('ops', { id: '9f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' })));
        expect(name.code).to.equal('CONNECTOR_NAME_TAKEN');
        expect(name.message).to.equal('a connector named "ops" already exists; connector names are unique');
        const id = await rejectionOf(store.connectors.insert({ ...connector('other'), id: first.id }));
        expect(id.code).to.equal('CONNECTOR_ID_TAKEN');
        expect(id.message).to.equal(`a connector with id ${first.id} already exists`);
        expect(await store.connectors.list()).to.deep.equal([first]);
      });

      it('sees what another store on the same data wrote, at once', async () => {
        const other = await maker.open();
        await other.connectors.insert(connector('ops'));
        expect((await store.connectors.getByName('ops'))?.name).to.equal('ops');
        expect(await store.connectors.delete(connector('ops').id)).to.equal(true);
        expect(await other.connectors.list()).to.deep.equal([]);
      });
    });

    describe('.update', () => {
      it('changes name, config and secrets (never type or createdAt), and refuses a taken name', async () => {
        const ops = connector('ops');
        await store.connectors.insert(ops);
        await store.connectors.insert(connector('dev'));
        const renamed: StoredConnector = {
          ...ops, name: 'ops-2', type: 'jira', config: { channel: '#ops-2' }, secrets: { ciphertext: 'resealed', keyId: 'k9' },
          createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z',
        };
        await store.connectors.update(renamed);
        expect(await store.connectors.get(ops.id)).to.deep.equal({ ...renamed, type: 'slack', createdAt: ops.createdAt });
        const taken = await rejectionOf(store.connectors.update({ ...renamed, name: 'dev' }));
        expect(taken.code).to.equal('CONNECTOR_NAME_TAKEN');
        expect((await store.connectors.get(ops.id))?.name).to.equal('ops-2');
      });
    });

    describe('limits', () => {
      it('reads limits back as written, leaves them out when there are none, and replaces or removes them on update', async () => {
        const limited = connector('limited', { limits: { concurrency: 2, rate: '5/10s' } });
        const plain = connector('plain');
        await store.connectors.insert(limited);
        await store.connectors.insert(plain);
        expect(await store.connectors.get(limited.id)).to.deep.equal(limited);
        expect(await store.connectors.get(plain.id)).to.not.have.property('limits');
        expect((await store.connectors.list()).map((c) => c.limits)).to.deep.equal([limited.limits, undefined]);
        await store.connectors.update({ ...limited, limits: { rate: '100/min' }, updatedAt: '2026-02-01T00:00:00.000Z' });
        expect((await store.connectors.getByName('limited'))?.limits).to.deep.equal({ rate: '100/min' });
        const { limits: _gone, ...unlimited } = limited;
        await store.connectors.update({ ...unlimited, updatedAt: '2026-03-01T00:00:00.000Z' });
        expect(await store.connectors.get(limited.id)).to.deep.equal({ ...unlimited, updatedAt: '2026-03-01T00:00:00.000Z' });
        await store.connectors.update({ ...plain, limits: { concurrency: 1 } });
        expect((await store.connectors.get(plain.id))?.limits).to.deep.equal({ concurrency: 1 });
      });
    });

    describe('.delete', () => {
      it('says whether there was such a connector', async () => {
        await store.connectors.insert(connector('ops'));
        expect(await store.connectors.delete(connector('ops').id)).to.equal(true);
        expect(await store.connectors.delete(connector('ops').id)).to.equal(false);
        expect(await store.connectors.keyIds()).to.deep.equal([]);
      });
    });
  });
}
