import { expect } from 'chai';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ECHO_PLUGIN } from '../../../test/support/cli';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { ConnectorService as ConnectorServiceToken, type ConnectorService } from '../contracts/connector-service';

const KEY = 'connector-service-test-key-0123456789';
const PRE_ID = '0c8e2f9a-3d4b-4e5f-8a6b-7c8d9e0f1a2b';

describe('ConnectorService', () => {
  let rf: Relayflow;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = tempDir();
    rf = await createRelayflow({
      plugins: [ECHO_PLUGIN],
      dataDir,
      env: {},
      config: {
        encryptionKey: KEY,
        networking: { allowedHosts: ['*.example.com', 'localhost:8080'] },
        connectors: [{ id: PRE_ID, name: 'pre', type: 'echo', config: { prefix: 'p:' }, secrets: { token: 'preconfigured-token' } }],
      },
    });
  });
  afterEach(() => rf.stop());

  describe('.create', () => {
    it('generates a UUID, stores validated config, and never returns secrets', async () => {
      const c = await rf.connectors.create({ type: 'echo', name: 'one', config: { prefix: '>' }, secrets: { token: 'token-one-secret' } });
      expect(c.id).to.match(/^[0-9a-f-]{36}$/);
      expect(c).to.deep.include({ name: 'one', type: 'echo', config: { prefix: '>' }, isPreconfigured: false });
      expect(JSON.stringify(c)).to.not.include('token-one-secret');
    });

    it('keeps a given UUID or readable id (Kibana\'s my-slack1) and refuses ids outside [A-Za-z0-9_-]{1,100}', async () => {
      const id = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
      expect((await rf.connectors.create({ id, type: 'echo', name: 'mine', secrets: { token: 'abcdefgh' } })).id).to.equal(id);
      expect((await rf.connectors.create({ id: 'my-slack1', type: 'echo', name: 'readable', secrets: { token: 'abcdefgh' } })).id).to.equal('my-slack1');
      expect((await rf.connectors.get('my-slack1')).name).to.equal('readable');
      const longest = `A_${'z'.repeat(98)}`;
      expect((await rf.connectors.create({ id: longest, type: 'echo', name: 'longest', secrets: { token: 'abcdefgh' } })).id).to.equal(longest);
      for (const bad of ['', 'has space', 'dot.ted', 'slash/id', 'ü-nicode', 'x'.repeat(101)]) {
        const err = await rejectionOf(rf.connectors.create({ id: bad, type: 'echo', name: `x-${bad.length}`, secrets: { token: 'abcdefgh' } }));
        expect(err.code, bad).to.equal('VALIDATION_FAILED');
        expect(err.message, bad).to.include('connector id must be 1 to 100 letters, digits, "_" or "-"');
      }
    });

    it('keeps readable ids and names in one space: an id may not be a name, nor a name an id', async () => {
      await rf.connectors.create({ id: 'ops-slack', type: 'echo', name: 'Ops', secrets: { token: 'abcdefgh' } });
      expect((await rejectionOf(rf.connectors.create({ type: 'echo', name: 'ops-slack', secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_NAME_TAKEN');
      expect((await rejectionOf(rf.connectors.create({ id: 'Ops', type: 'echo', name: 'other', secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_ID_TAKEN');
      expect((await rejectionOf(rf.connectors.create({ id: 'ops-slack', type: 'echo', name: 'again', secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_ID_TAKEN');
      expect((await rejectionOf(rf.connectors.update('Ops', { name: PRE_ID }))).code).to.equal('CONNECTOR_NAME_TAKEN');
    });

    it('reports every config and secrets problem with its field path', async () => {
      const err = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'bad', config: { prefix: 3, extra: true }, secrets: {} }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.problems.map((p) => p.path)).to.have.members(['config.prefix', 'config.extra', 'secrets.token']);
    });

    it("runs the type's cross-field validation, including allowedHosts", async () => {
      const err = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'bad-url', config: { url: 'https://evil.test/x' }, secrets: { token: 'abcdefgh' } }));
      expect(err.message).to.include('host "evil.test" is not allowed by networking.allowedHosts');
      await rf.connectors.create({ type: 'echo', name: 'ok-url', config: { url: 'https://api.example.com/x' }, secrets: { token: 'abcdefgh' } });
      await rf.connectors.create({ type: 'echo', name: 'ok-port', config: { url: 'http://localhost:8080/x' }, secrets: { token: 'abcdefgh' } });
      const port = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'bad-port', config: { url: 'http://localhost:9090/x' }, secrets: { token: 'abcdefgh' } }));
      expect(port.message).to.include('"localhost:9090"');
    });

    it('never repeats a secret value in a validation message', async () => {
      const err = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'leaky', config: { url: 'https://evil.test/x' }, secrets: { token: 'evil.test' } }));
      expect(err.message).to.include('host "[REDACTED]" is not allowed by networking.allowedHosts');
    });

    it('refuses an unknown type, listing the registered ones', async () => {
      const err = await rejectionOf(rf.connectors.create({ type: 'nope', name: 'x' }));
      expect(err.code).to.equal('CONNECTOR_TYPE_NOT_FOUND');
      expect(err.message).to.include('registered types: echo');
    });

    it('refuses an id that is already another connector\'s name', async () => {
      const uuidName = '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
      await rf.connectors.create({ type: 'echo', name: uuidName, secrets: { token: 'abcdefgh' } });
      const err = await rejectionOf(rf.connectors.create({ id: uuidName, type: 'echo', name: 'other', secrets: { token: 'abcdefgh' } }));
      expect(err.code).to.equal('CONNECTOR_ID_TAKEN');
      expect(err.message).to.include("already another connector's name");
    });

    it('keeps names unique, including against preconfigured connectors and other ids', async () => {
      const first = await rf.connectors.create({ type: 'echo', name: 'dup', secrets: { token: 'abcdefgh' } });
      expect((await rejectionOf(rf.connectors.create({ type: 'echo', name: 'dup', secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_NAME_TAKEN');
      expect((await rejectionOf(rf.connectors.create({ type: 'echo', name: 'pre', secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_NAME_TAKEN');
      expect((await rejectionOf(rf.connectors.create({ type: 'echo', name: first.id, secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_NAME_TAKEN');
      expect((await rejectionOf(rf.connectors.create({ id: PRE_ID, type: 'echo', name: 'other', secrets: { token: 'abcdefgh' } }))).code).to.equal('CONNECTOR_ID_TAKEN');
    });

    it('refuses secrets of 1 to 3 characters (they cannot be redacted), naming the key and never the value', async () => {
      const err = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'short', secrets: { token: 'q7z' } }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.problems.map((p) => p.path)).to.include('secrets.token');
      expect(err.message).to.include('secrets.token is too short to keep secret: a secret needs at least 4 characters');
      expect(JSON.stringify({ message: err.message, problems: err.problems })).to.not.include('q7z');
      const four = await rf.connectors.create({ type: 'echo', name: 'four', secrets: { token: 'q7z!long' } });
      expect((await rejectionOf(rf.connectors.update(four.id, { secrets: { token: 'q7' } }))).code).to.equal('VALIDATION_FAILED');
      // Renaming keeps the secrets it has; only secrets being saved are checked.
      expect((await rf.connectors.update(four.id, { name: 'four-renamed' })).name).to.equal('four-renamed');
    });
  });

  describe('.get / .list', () => {
    it('resolves a connector by name or by raw id', async () => {
      const c = await rf.connectors.create({ type: 'echo', name: 'by-either', secrets: { token: 'abcdefgh' } });
      expect((await rf.connectors.get('by-either')).id).to.equal(c.id);
      expect((await rf.connectors.get(c.id)).name).to.equal('by-either');
      expect((await rejectionOf(rf.connectors.get('nobody'))).code).to.equal('CONNECTOR_NOT_FOUND');
    });

    it('lists stored and preconfigured connectors, marking the preconfigured ones', async () => {
      await rf.connectors.create({ type: 'echo', name: 'stored', secrets: { token: 'abcdefgh' } });
      const list = await rf.connectors.list();
      expect(list.map((c) => [c.name, c.isPreconfigured])).to.deep.equal([['pre', true], ['stored', false]]);
      expect(JSON.stringify(list)).to.not.include('preconfigured-token');
    });
  });

  describe('.create without secrets (Kibana imports)', () => {
    const service = () => rf.container.get<ConnectorService>(ConnectorServiceToken);

    it('stores the connector with its config, reports the missing keys, and refuses to run it until they are set', async () => {
      const created = await service().create({ id: 'imported-1', type: 'echo', name: 'imported', config: { prefix: '>' } }, { withoutSecrets: true });
      expect(created).to.deep.include({ id: 'imported-1', config: { prefix: '>' }, missingSecrets: ['token'] });
      const refused = await rejectionOf(rf.executeAction({ type: 'echo', connector: 'imported', params: { message: 'hi' } }));
      expect(refused.code).to.equal('VALIDATION_FAILED');
      expect(refused.message).to.equal('connector "imported" has no secrets yet (it was imported from a Kibana export, which carries none) and cannot run without secrets.token; set them with: relayflow connectors update imported --secrets \'{"token":"..."}\'');
      expect(refused.details).to.deep.equal({ missingSecrets: ['token'] });
      // A rename keeps it waiting; the secrets make it whole.
      expect((await rf.connectors.update('imported', { name: 'imported-2' })).missingSecrets).to.deep.equal(['token']);
      const whole = await rf.connectors.update('imported-2', { secrets: { token: 'now-a-token' } });
      expect(whole).to.not.have.property('missingSecrets');
      expect(await rf.executeAction({ type: 'echo', connector: 'imported-2', params: { message: 'hi' } })).to.deep.equal({ status: 'ok', data: { message: '>hi', tokenLength: 11 } });
    });

    it('still refuses a bad config, and plain create still refuses missing secrets', async () => {
      const bad = await rejectionOf(service().create({ type: 'echo', name: 'bad', config: { prefix: 3 } }, { withoutSecrets: true }));
      expect(bad.problems.map((p) => p.path)).to.deep.equal(['config.prefix']);
      const plain = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'plain' }));
      expect(plain.problems.map((p) => p.path)).to.deep.equal(['secrets.token']);
    });

    it('stores nothing on a dry run', async () => {
      const would = await service().create({ id: 'dry', type: 'echo', name: 'dry' }, { withoutSecrets: true, dryRun: true });
      expect(would).to.deep.include({ id: 'dry', name: 'dry', type: 'echo', missingSecrets: ['token'] });
      expect((await rf.connectors.list()).map((c) => c.name)).to.deep.equal(['pre']);
    });
  });

  describe('.update / .delete', () => {
    it('replaces what is given, keeps the secrets otherwise, and they still work', async () => {
      await rf.connectors.create({ type: 'echo', name: 'u', config: { prefix: 'a' }, secrets: { token: 'first-token' } });
      const updated = await rf.connectors.update('u', { name: 'u2', config: { prefix: 'b' } });
      expect(updated).to.deep.include({ name: 'u2', config: { prefix: 'b' } });
      const result = await rf.executeAction({ type: 'echo', connector: 'u2', params: { message: 'x' } });
      expect(result).to.deep.equal({ status: 'ok', data: { message: 'bx', tokenLength: 'first-token'.length } });
      await rf.connectors.update('u2', { secrets: { token: 'second-token-longer' } });
      const again = await rf.executeAction({ type: 'echo', connector: 'u2', params: { message: 'x' } });
      expect(again).to.deep.equal({ status: 'ok', data: { message: 'bx', tokenLength: 'second-token-longer'.length } });
    });

    it('validates config and secrets together on update', async () => {
      await rf.connectors.create({ type: 'echo', name: 'v', secrets: { token: 'abcdefgh' } });
      const err = await rejectionOf(rf.connectors.update('v', { secrets: { token: 'short' } }));
      expect(err.problems.map((p) => p.path)).to.include('secrets.token');
    });

    it('codes each validation problem and gives its path as keys', async () => {
      const err = await rejectionOf(rf.connectors.create({ type: 'echo', name: 'w', config: { prefx: 'a' }, secrets: { token: 'short' } }));
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.problems.map((p) => [p.code, p.fieldPath])).to.have.deep.members([
        ['UNKNOWN_KEY', ['config', 'prefx']], ['INVALID_VALUE', ['secrets', 'token']],
      ]);
    });

    it('refuses to change or delete preconfigured connectors', async () => {
      expect((await rejectionOf(rf.connectors.update('pre', { name: 'x' }))).code).to.equal('CONNECTOR_READ_ONLY');
      expect((await rejectionOf(rf.connectors.delete(PRE_ID))).code).to.equal('CONNECTOR_READ_ONLY');
    });

    it('deletes by name', async () => {
      await rf.connectors.create({ type: 'echo', name: 'gone', secrets: { token: 'abcdefgh' } });
      await rf.connectors.delete('gone');
      expect((await rejectionOf(rf.connectors.get('gone'))).code).to.equal('CONNECTOR_NOT_FOUND');
    });
  });

  describe('preconfigured connectors', () => {
    it('run with their secrets but are never written to the store', async () => {
      const result = await rf.executeAction({ type: 'echo', connector: 'pre', params: { message: 'hi' } });
      expect(result).to.deep.equal({ status: 'ok', data: { message: 'p:hi', tokenLength: 'preconfigured-token'.length } });
      await rf.stop();
      const db = new Database(join(dataDir, 'relayflow.db'), { readonly: true });
      expect(db.prepare('SELECT COUNT(*) AS n FROM connectors').get()).to.deep.equal({ n: 0 });
      db.close();
      rf = await createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: KEY } });
    });

    it('may not share a name or id with a stored connector', async () => {
      await rf.connectors.create({ type: 'echo', name: 'taken', secrets: { token: 'abcdefgh' } });
      await rf.stop();
      const err = await rejectionOf(createRelayflow({
        plugins: [ECHO_PLUGIN], dataDir, env: {},
        config: { encryptionKey: KEY, connectors: [{ id: '0b6f3c2e-5a4d-4e1f-9c8b-7a6d5e4f3a2b', name: 'taken', type: 'echo', secrets: { token: 'abcdefgh' } }] },
      }));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(err.problems[0]).to.deep.include({ path: 'connectors[0].name' });
      expect(err.problems[0].message).to.match(/clashes with the stored connector "taken"/);
      rf = await createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: KEY } });
    });

    it('are validated at start, with the problem located in the config file', async () => {
      const err = await rejectionOf(createRelayflow({
        plugins: [ECHO_PLUGIN], dataDir: tempDir(), env: {},
        config: { connectors: [{ id: '1c7a4d3f-6b5e-4f20-8d9c-8b7e6f5a4b3c', name: 'x', type: 'echo', secrets: { token: 'short' } }] },
      }));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(err.problems[0].path).to.equal('connectors[0].secrets.token');
    });
  });

  describe('secrets at rest', () => {
    it('cannot be moved from one connector to another in the store', async () => {
      const a = await rf.connectors.create({ type: 'echo', name: 'a', secrets: { token: 'token-of-a-123' } });
      const b = await rf.connectors.create({ type: 'echo', name: 'b', secrets: { token: 'token-of-b-456' } });
      await rf.stop();
      const db = new Database(join(dataDir, 'relayflow.db'));
      const { secrets } = db.prepare('SELECT secrets FROM connectors WHERE id = ?').get(a.id) as { secrets: string };
      db.prepare('UPDATE connectors SET secrets = ?, updated_at = ? WHERE id = ?').run(secrets, new Date().toISOString(), b.id);
      db.close();
      rf = await createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: KEY } });
      const err = await rejectionOf(rf.executeAction({ type: 'echo', connector: 'b', params: { message: 'x' } }));
      expect(err.code).to.equal('DECRYPTION_FAILED');
      expect(err.message).to.include('encrypted for another connector');
      expect((await rf.executeAction({ type: 'echo', connector: 'a', params: { message: 'x' } })).status).to.equal('ok');
    });

    it('fail fast at start with the wrong key, and rotate with decryptionOnlyKeys', async () => {
      await rf.connectors.create({ type: 'echo', name: 'r', secrets: { token: 'rotate-me-please' } });
      await rf.stop();
      const NEW_KEY = 'the-new-key-after-rotation-0123456789';
      const wrong = await rejectionOf(createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: NEW_KEY } }));
      expect(wrong.code).to.equal('DECRYPTION_FAILED');
      expect(wrong.message).to.match(/encryption key is wrong/);
      rf = await createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: NEW_KEY, decryptionOnlyKeys: [KEY] } });
      expect((await rf.executeAction({ type: 'echo', connector: 'r', params: { message: 'x' } })).status).to.equal('ok');
      await rf.connectors.update('r', {});
      await rf.stop();
      rf = await createRelayflow({ plugins: [ECHO_PLUGIN], dataDir, env: {}, config: { encryptionKey: NEW_KEY } });
      expect((await rf.executeAction({ type: 'echo', connector: 'r', params: { message: 'x' } })).status).to.equal('ok');
    });
  });
});
