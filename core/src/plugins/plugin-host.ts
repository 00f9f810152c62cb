import { inject, injectable } from 'inversify';
import { formatProblem } from '../errors/format-problem';
import { RelayflowError } from '../errors/relayflow-error';
import { ConnectorTypeRegistry } from '../contracts/connector-type-registry';
import { Logger } from '../contracts/logger';
import { PluginHost, type LoadedPlugin } from '../contracts/plugin-host';
import { RuntimeEnvironment } from '../contracts/runtime-environment';
import { StepKindRegistry } from '../contracts/step-kind';
import { ServerContributions } from '../contracts/server-contribution';
import { discoverPluginPackages, pluginSearchDirs } from './plugin-discovery';
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
  /** Errors of the host's own making (a duplicate type id, a late registration): they already name the plugin. */
  private readonly named = new WeakSet<object>();

  constructor(
    @inject(ConnectorTypeRegistry) private readonly registry: ConnectorTypeRegistry,
    @inject(StepKindRegistry) private readonly stepKinds: StepKindRegistry,
    @inject(Logger) private readonly logger: Logger,
    @inject(RuntimeEnvironment) private readonly environment: RuntimeEnvironment,
    @inject(ServerContributions) private readonly server: ServerContributions,
  ) {}

  async start(specs: ReadonlyArray<unknown> | undefined): Promise<void> {
    const candidates = specs
      ? specs.map((spec) => loadPlugin(spec, this.environment.baseDir))
      : discoverPluginPackages(pluginSearchDirs(this.environment.baseDir)).map(loadPackage);
    const ordered = orderPlugins(candidates);
    for (const c of ordered) {
      const registered: string[] = [];
      const stepKinds: string[] = [];
      const logger = this.logger.child({ plugin: c.plugin.id });
      await this.guard(c, 'setup', () => c.plugin.setup({
        logger,
        registerConnectorType: (type) => {
          this.hostCall(() => this.registry.register(type, c.plugin.id));
          registered.push(type.id);
        },
        registerStepKind: (kind) => {
          this.hostCall(() => this.stepKinds.register(kind, c.plugin.id));
          stepKinds.push(kind.kind);
        },
        registerStaticAssets: (assets) => {
          this.hostCall(() => this.server.registerStaticAssets(assets, c.plugin.id));
        },
      }));
      this.info.push({ id: c.plugin.id, packageName: c.packageName, version: c.version, source: c.source, connectorTypes: registered, ...(stepKinds.length ? { stepKinds } : {}) });
      logger.debug(`plugin "${c.plugin.id}" loaded`, { package: c.packageName, version: c.version, source: c.source, connectorTypes: registered });
    }
    this.registry.freeze();
    this.stepKinds.freeze();
    this.server.freeze();
    for (const c of ordered) {
      try {
        await this.guard(c, 'start', () => c.plugin.start?.({ logger: this.logger.child({ plugin: c.plugin.id }) }));
      } catch (err) {
        await this.stop();
        throw err;
      }
      this.started.push(c);
      this.logger.debug(`plugin "${c.plugin.id}" started`, { plugin: c.plugin.id });
    }
  }

  async stop(): Promise<void> {
    const started = this.started.reverse();
    this.started = [];
    for (const c of started) {
      try {
        await c.plugin.stop?.();
        this.logger.debug(`plugin "${c.plugin.id}" stopped`, { plugin: c.plugin.id });
      } catch (err) {
        this.logger.error(`plugin "${c.plugin.id}" failed to stop: ${(err as Error).message}`);
      }
    }
  }

  loaded(): LoadedPlugin[] {
    return [...this.info];
  }

  /** Runs a registration for a plugin; an error it throws already names the plugin. */
  private hostCall(register: () => void): void {
    try {
      register();
    } catch (err) {
      if (typeof err === 'object' && err !== null) this.named.add(err);
      throw err;
    }
  }

  private async guard(c: PluginCandidate, phase: 'setup' | 'start', run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (err) {
      if (typeof err === 'object' && err !== null && this.named.has(err)) throw err;
      throw pluginFailure(c, phase, err);
    }
  }
}

/**
 * A plugin's own failure in setup or start, naming the plugin and what to do. A RelayflowError
 * keeps its code (hosts may switch on it); its message and problems are quoted, and it is the cause.
 */
function pluginFailure(c: PluginCandidate, phase: 'setup' | 'start', err: unknown): RelayflowError {
  const who = `plugin "${c.plugin.id}"${c.packageName ? ` (${c.packageName}${c.version ? `@${c.version}` : ''})` : ''}`;
  const sentence = (text: string) => text.replace(/[.\s]+$/, '');
  const reported = RelayflowError.is(err)
    ? `${err.code}: ${[err.message, ...err.problems.map(formatProblem)].map(sentence).join('; ')}`
    : sentence((err as Error | undefined)?.message ?? String(err));
  const remove = c.packageName
    ? `stop loading it (npm uninstall ${c.packageName}, or list only the plugins you want under plugins: in relayflow.yaml)`
    : 'remove it from the plugins Relayflow is given';
  return new RelayflowError(RelayflowError.is(err) ? err.code : 'PLUGIN_FAILED',
    `${who} failed in ${phase}: ${reported}. Fix what the plugin reports (its settings or environment), upgrade it, or ${remove}`,
    { cause: err, details: { plugin: c.plugin.id, package: c.packageName, phase } });
}
