import { expect } from 'chai';
import { IsString } from 'class-validator';
import { ok } from '../contracts/action-result';
import { defineConnectorType } from '../contracts/connector-type';
import { definePlugin, type Plugin } from '../contracts/plugin';
import { RelayflowError } from '../errors/relayflow-error';
import { createRelayflow } from '../runtime/create-relayflow';
import { rejectionOf } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { ROOT } from '../../../test/support/cli';
import { join } from 'node:path';

class Empty {}
class Params { @IsString() text!: string; }

function connectorType(id: string) {
  return defineConnectorType({
    id, name: id, config: Empty, secrets: Empty, defaultAction: 'run',
    actions: { run: { params: Params, connector: 'none', execute: async ({ params }) => ok(params.text) } },
  });
}

function recordingPlugin(id: string, log: string[], extra: Partial<Plugin> = {}): Plugin {
  return definePlugin({
    id,
    sdk: '^1.0.0',
    setup: ({ registerConnectorType }) => { log.push(`setup ${id}`); registerConnectorType(connectorType(`${id}-type`)); },
    start: () => { log.push(`start ${id}`); },
    stop: () => { log.push(`stop ${id}`); },
    ...extra,
  });
}

async function startupError(plugins: Plugin[]): Promise<RelayflowError> {
  return rejectionOf(createRelayflow({ plugins, dataDir: tempDir(), env: {} }).then((rf) => rf.stop()));
}

describe('PluginHost', () => {
  describe('lifecycle', () => {
    it('sets every plugin up, then starts them, and stops them in reverse order', async () => {
      const log: string[] = [];
      const rf = await createRelayflow({ plugins: [recordingPlugin('a', log), recordingPlugin('b', log)], dataDir: tempDir(), env: {} });
      expect(log).to.deep.equal(['setup a', 'setup b', 'start a', 'start b']);
      await rf.stop();
      expect(log.slice(4)).to.deep.equal(['stop b', 'stop a']);
    });

    it('orders plugins after their dependencies', async () => {
      const log: string[] = [];
      const rf = await createRelayflow({
        plugins: [recordingPlugin('app', log, { dependencies: ['base'] }), recordingPlugin('base', log)],
        dataDir: tempDir(), env: {},
      });
      expect(log).to.deep.equal(['setup base', 'setup app', 'start base', 'start app']);
      expect(rf.plugins().map((p) => p.id)).to.deep.equal(['base', 'app']);
      await rf.stop();
    });

    it('freezes registries at start: a late registration fails with REGISTRY_FROZEN', async () => {
      let late: (() => void) | undefined;
      const plugin = definePlugin({
        id: 'late', sdk: '^1.0.0',
        setup: ({ registerConnectorType }) => { late = () => registerConnectorType(connectorType('too-late')); },
      });
      const rf = await createRelayflow({ plugins: [plugin], dataDir: tempDir(), env: {} });
      expect(late).to.throw(/registered connector type "too-late" after start/).with.property('code', 'REGISTRY_FROZEN');
      await rf.stop();
    });

    it('lists what each plugin registered', async () => {
      const rf = await createRelayflow({ plugins: [recordingPlugin('a', [])], dataDir: tempDir(), env: {} });
      expect(rf.plugins()).to.deep.equal([{ id: 'a', packageName: undefined, version: undefined, source: '<object>', connectorTypes: ['a-type'] }]);
      expect(rf.connectorTypes().map((t) => [t.id, t.plugin, t.defaultAction])).to.deep.equal([['a-type', 'a', 'run']]);
      await rf.stop();
    });
  });

  describe('startup errors', () => {
    it('names both plugins when two register the same connector type id', async () => {
      const one = definePlugin({ id: 'one', sdk: '^1.0.0', setup: ({ registerConnectorType }) => registerConnectorType(connectorType('dup')) });
      const two = definePlugin({ id: 'two', sdk: '^1.0.0', setup: ({ registerConnectorType }) => registerConnectorType(connectorType('dup')) });
      const err = await startupError([one, two]);
      expect(err.code).to.equal('DUPLICATE_TYPE');
      expect(err.message).to.include('"one"').and.include('"two"').and.include('"dup"');
    });

    it('names the plugin and both versions for an incompatible SDK range', async () => {
      const err = await startupError([definePlugin({ id: 'future', sdk: '^2.0.0', setup: () => undefined })]);
      expect(err.code).to.equal('PLUGIN_INCOMPATIBLE');
      expect(err.message).to.include('plugin "future"').and.include('^2.0.0').and.include('SDK 1.0.0');
    });

    it('names a missing dependency and what to do', async () => {
      const err = await startupError([recordingPlugin('needy', [], { dependencies: ['absent'] })]);
      expect(err.code).to.equal('PLUGIN_DEPENDENCY_MISSING');
      expect(err.message).to.include('plugin "needy" depends on plugin "absent"').and.include('install');
    });

    it('names a plugin that throws in setup, and stops nothing it did not start', async () => {
      const log: string[] = [];
      const err = await startupError([recordingPlugin('fine', log), recordingPlugin('broken', log, { setup: () => { throw new Error('bad api key'); } })]);
      expect(err.code).to.equal('PLUGIN_FAILED');
      expect(err.message).to.include('plugin "broken"').and.include('failed in setup: bad api key');
      expect(log).to.deep.equal(['setup fine']);
    });

    it('stops already-started plugins when one throws in start', async () => {
      const log: string[] = [];
      const err = await startupError([recordingPlugin('first', log), recordingPlugin('second', log, { start: () => { throw new Error('no'); } })]);
      expect(err.message).to.include('plugin "second"').and.include('failed in start');
      expect(log).to.deep.equal(['setup first', 'setup second', 'start first', 'stop first']);
    });

    it("names a plugin whose setup throws a RelayflowError, keeping the error's code and message", async () => {
      const original = new RelayflowError('CONFIG_INVALID', 'missing apiUrl');
      const err = await startupError([recordingPlugin('acme', [], { setup: () => { throw original; } })]);
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(err.message).to.equal('plugin "acme" failed in setup: CONFIG_INVALID: missing apiUrl. Fix what the plugin reports (its settings or environment), upgrade it, or remove it from the plugins Relayflow is given');
      expect(err.cause).to.equal(original);
      expect(err.details).to.deep.equal({ plugin: 'acme', package: undefined, phase: 'setup' });
    });

    it("names a plugin whose start throws a RelayflowError, quoting its problems, and stops the started ones", async () => {
      const log: string[] = [];
      const err = await startupError([recordingPlugin('first', log), recordingPlugin('acme', log, {
        start: () => { throw new RelayflowError('STORE_UNAVAILABLE', 'cannot reach the cache.', { problems: [{ path: 'cacheUrl', message: 'connection refused' }] }); },
      })]);
      expect(err.code).to.equal('STORE_UNAVAILABLE');
      expect(err.problems).to.deep.equal([]);
      expect(err.message).to.match(/^plugin "acme" failed in start: STORE_UNAVAILABLE: cannot reach the cache; cacheUrl: connection refused\. Fix what the plugin reports/);
      expect(log).to.deep.equal(['setup first', 'setup acme', 'start first', 'stop first']);
    });

    it('names the package, its version and how to stop loading it when an installed plugin fails', async () => {
      const err = await rejectionOf(createRelayflow({ plugins: [join(ROOT, 'test', 'fixtures', 'plugins', 'misconfigured')], dataDir: tempDir(), env: {} }));
      expect(err.code).to.equal('CONFIG_INVALID');
      expect(err.message).to.equal('plugin "misconfigured-fixture" (relayflow-plugin-misconfigured-fixture@0.2.0) failed in setup: CONFIG_INVALID: missing apiUrl; apiUrl: set ACME_API_URL. '
        + 'Fix what the plugin reports (its settings or environment), upgrade it, or stop loading it (npm uninstall relayflow-plugin-misconfigured-fixture, or list only the plugins you want under plugins: in relayflow.yaml)');
    });

    it('passes a plain error through as PLUGIN_FAILED with the plugin named', async () => {
      const err = await startupError([recordingPlugin('plain', [], { setup: () => { throw new TypeError('x is not a function'); } })]);
      expect(err.code).to.equal('PLUGIN_FAILED');
      expect(err.message).to.match(/^plugin "plain" failed in setup: x is not a function\. Fix what the plugin reports/);
    });

    it('refuses two plugins with the same id', async () => {
      const err = await startupError([recordingPlugin('same', []), recordingPlugin('same', [])]);
      expect(err.code).to.equal('PLUGIN_DUPLICATE');
    });

    it('refuses a dependency cycle', async () => {
      const err = await startupError([
        recordingPlugin('x', [], { dependencies: ['y'] }),
        recordingPlugin('y', [], { dependencies: ['x'] }),
      ]);
      expect(err.message).to.match(/cycle: x -> y -> x/);
    });

    it('names an unknown package and how to install it', async () => {
      try {
        await createRelayflow({ plugins: ['@acme/not-installed-anywhere'], dataDir: tempDir(), env: {} });
        expect.fail('expected an error');
      } catch (err) {
        expect((err as RelayflowError).code).to.equal('PLUGIN_NOT_FOUND');
        expect((err as Error).message).to.include('npm install @acme/not-installed-anywhere');
      }
    });
  });
});
