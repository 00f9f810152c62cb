import { inject, injectable } from 'inversify';
import { RelayflowError } from '../contracts/relayflow-error';
import { ConnectorTypeRegistry, Logger, PluginHost, RuntimeEnvironment, type LoadedPlugin } from '../tokens';
import { discoverPluginPackages } from './plugin-discovery';
import { loadPackage, loadPlugin, type PluginCandidate } from './plugin-loader';
import { orderPlugins } from './plugin-order';

/**
 * Loads plugins (the explicit list, or every installed package with a `"relayflow"` manifest),
 * orders them by dependencies, runs every `setup`, freezes the registries, runs every `start`,
 * and on `stop` runs `stop` in reverse order.
 */
@injectable()
export class PluginHostImpl implements PluginHost {
  private started: PluginCandidate[] = [];
  private info: LoadedPlugin[] = [];

  constructor(
    @inject(ConnectorTypeRegistry) private readonly registry: ConnectorTypeRegistry,
    @inject(Logger) private readonly logger: Logger,
    @inject(RuntimeEnvironment) private readonly environment: RuntimeEnvironment,
  ) {}

  async start(specs: ReadonlyArray<unknown> | undefined): Promise<void> {
    const candidates = specs
      ? specs.map((spec) => loadPlugin(spec, this.environment.baseDir))
      : discoverPluginPackages(this.environment.baseDir).map(loadPackage);
    const ordered = orderPlugins(candidates);
    for (const c of ordered) {
      const registered: string[] = [];
      const logger = this.logger.child({ plugin: c.plugin.id });
      await this.guard(c, 'setup', () => c.plugin.setup({
        logger,
        registerConnectorType: (type) => {
          this.registry.register(type, c.plugin.id);
          registered.push(type.id);
        },
      }));
      this.info.push({ id: c.plugin.id, packageName: c.packageName, version: c.version, source: c.source, connectorTypes: registered });
    }
    this.registry.freeze();
    for (const c of ordered) {
      try {
        await this.guard(c, 'start', () => c.plugin.start?.({ logger: this.logger.child({ plugin: c.plugin.id }) }));
      } catch (err) {
        await this.stop();
        throw err;
      }
      this.started.push(c);
    }
  }

  async stop(): Promise<void> {
    const started = this.started.reverse();
    this.started = [];
    for (const c of started) {
      try {
        await c.plugin.stop?.();
      } catch (err) {
        this.logger.error(`plugin "${c.plugin.id}" failed to stop: ${(err as Error).message}`);
      }
    }
  }

  loaded(): LoadedPlugin[] {
    return [...this.info];
  }

  private async guard(c: PluginCandidate, phase: 'setup' | 'start', run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (err) {
      if (RelayflowError.is(err)) throw err;
      throw new RelayflowError('PLUGIN_FAILED',
        `plugin "${c.plugin.id}"${c.packageName ? ` (${c.packageName})` : ''} failed in ${phase}: ${(err as Error)?.message ?? String(err)}. Fix its configuration, upgrade it, or remove it from plugins`,
        { cause: err });
    }
  }
}
