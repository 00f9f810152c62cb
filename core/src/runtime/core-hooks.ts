import type { ResolutionContext } from 'inversify';
import { Config } from '../config/relayflow-config';
import { ConfigProblems } from '../contracts/config-problems';
import { ConnectorService } from '../contracts/connector-service';
import type { Lifecycle, LifecycleHook } from '../contracts/lifecycle';
import { Logger } from '../contracts/logger';
import { PluginHost, PluginSources } from '../contracts/plugin-host';
import { RuntimeEnvironment } from '../contracts/runtime-environment';
import { SecretProvider } from '../contracts/secret-provider';
import { Store } from '../contracts/store';
import { exitCodeFor } from '../errors/error-info';
import { RelayflowError } from '../errors/relayflow-error';
import type { EgressHttpClient } from '../http/egress-http-client';
import { assertKeyForSharedStore } from '../secrets/encryption-keys';
import { displaySetting } from '../store/store-factory-registry';

/** What core's hooks need besides the container. */
export interface CoreHookParts {
  /** The egress client, once something has used it (undefined: nothing to close). */
  egress(): EgressHttpClient | undefined;
  /** The `store:` setting when core made the store from it (a host's own store: undefined). */
  storeSetting?: string;
}

/**
 * Registers core's parts with the lifecycle; a shared store (PostgreSQL) without a configured
 * encryption key is refused here, before anything starts. Start order:
 * plugins (loaded, set up, started) → store (opened) → connectors (the encryption key checked
 * against the key ids of stored secrets, preconfigured connectors validated).
 * Stop order: plugins → egress client (pooled connections closed) → store (writes committed).
 *
 * Plugins come first because what they register (connector types now, store kinds later) is
 * needed by the parts after them; they stop first too, while the store and the egress client
 * they may use are still there, so their stop is a hook of its own, registered after the others.
 * Parts registered later (a server, a scheduler) start after these and stop before them.
 */
export function registerCoreHooks(lifecycle: Lifecycle, ctx: ResolutionContext, parts: CoreHookParts): void {
  const logger = ctx.get<Logger>(Logger);
  // A diagnostic command (ConfigProblems.warn) needs no secret: a missing or wrong key is a warning there.
  const diagnose = (check: () => void, consequence = ''): void => {
    try {
      check();
    } catch (err) {
      const warn = ctx.get<ConfigProblems>(ConfigProblems, { optional: true })?.warn;
      if (!warn || !RelayflowError.is(err) || exitCodeFor(err) !== 2) throw err;
      warn({ code: err.code, message: `${err.message}${consequence}` });
    }
  };
  // Resolved now, as before the lifecycle: an unsupported `store:` fails before anything starts.
  const store = ctx.get<Store>(Store);
  const pluginHost = () => ctx.get<PluginHost>(PluginHost);
  // Now too, before anything starts or connects: a node without the shared key must not use a shared store.
  if (store.shared) {
    const shown = parts.storeSetting === undefined ? 'a shared store' : `store "${displaySetting(parts.storeSetting)}"`;
    diagnose(() => assertKeyForSharedStore(ctx.get<Config>(Config).encryptionKey, ctx.get<RuntimeEnvironment>(RuntimeEnvironment).env, shown));
  }
  const hooks: LifecycleHook[] = [
    { name: 'plugins', start: () => pluginHost().start(ctx.get<PluginSources>(PluginSources, { optional: true })) },
    {
      name: 'store',
      start: async () => {
        await store.open();
        logger.info('store opened', parts.storeSetting === undefined ? {} : { store: displaySetting(parts.storeSetting) });
      },
      stop: () => store.close(),
    },
    { name: 'egress', stop: () => parts.egress()?.close() },
    {
      name: 'connectors',
      start: async () => {
        const keyIds = await store.connectors.keyIds();
        diagnose(() => {
          const secrets = ctx.get<SecretProvider>(SecretProvider);
          if (keyIds.length) secrets.assertKnownKeys(keyIds);
        }, ' (stored connectors cannot be used)');
        await ctx.get<ConnectorService>(ConnectorService).loadPreconfigured();
      },
    },
    { name: 'plugins', stop: () => pluginHost().stop() },
  ];
  for (const hook of hooks) lifecycle.register(hook);
}
