import { ContainerModule, type ContainerModuleLoadOptions, type ResolutionContext } from 'inversify';
import { ApiKeysImpl } from '../api-keys/api-keys-impl';
import { ConnectorServiceImpl } from '../connectors/connector-service';
import type { EgressHttpClient } from '../http/egress-http-client';
import { WorkflowLibraryImpl } from '../library/workflow-library-impl';
import { LifecycleImpl } from '../lifecycle/lifecycle-impl';
import { PinoLogger } from '../logging/pino-logger';
import { PluginHostImpl } from '../plugins/plugin-host';
import { ConnectorTypeRegistryImpl } from '../registry/connector-type-registry';
import { AesGcmSecretProvider } from '../secrets/aes-gcm-secret-provider';
import { assertConfiguredKey, resolveEncryptionKeys } from '../secrets/encryption-keys';
import { PostgresStoreFactory } from '../store/postgres/postgres-store-factory';
import { SqliteStoreFactory } from '../store/sqlite/sqlite-store-factory';
import { StoreFactoryRegistryImpl } from '../store/store-factory-registry';
import { WorkflowServiceImpl } from '../workflow/workflow-service';
import { PLAIN_STEP_KINDS } from '../workflow/steps/builtin-step-kinds';
import { ConnectorStepKind } from '../workflow/steps/connector-step';
import { StepKindRegistryImpl } from '../workflow/steps/step-kind-registry';
import { ServerContributionsImpl } from '../registry/server-contributions';
import { ServerContributions } from '../contracts/server-contribution';
import { BuiltinStepKind, StepKindRegistry, type StepKind } from '../contracts/step-kind';
import { ActionExecutor } from '../contracts/action-executor';
import { ApiKeys } from '../contracts/api-keys';
import { Config } from '../config/relayflow-config';
import { ConnectorLimiter } from '../contracts/connector-limiter';
import { ConfigProblems } from '../contracts/config-problems';
import { ConnectorService } from '../contracts/connector-service';
import { ConnectorTypeRegistry } from '../contracts/connector-type-registry';
import { HttpClient } from '../contracts/http-client';
import { Lifecycle } from '../contracts/lifecycle';
import { Logger } from '../contracts/logger';
import { PluginHost } from '../contracts/plugin-host';
import { RuntimeEnvironment } from '../contracts/runtime-environment';
import { SecretProvider } from '../contracts/secret-provider';
import { Store } from '../contracts/store';
import { StoreFactory, StoreFactoryRegistry } from '../contracts/store-factory';
import { WorkflowLibrary } from '../contracts/workflow-library';
import { WorkflowService } from '../contracts/workflow-service';
import { registerCoreHooks } from './core-hooks';

/**
 * Binds core's services. A service the host container already binds (Logger, Store,
 * SecretProvider, HttpClient, ...) is left as the host bound it. Core's parts register with the
 * `Lifecycle` when it is first resolved (see registerCoreHooks); store kinds are `StoreFactory`
 * bindings, SQLite's and PostgreSQL's among them.
 */
export const coreModule = new ContainerModule((options: ContainerModuleLoadOptions) => {
  const { bind, isBound, onActivation } = options;
  const bindDefault = (token: symbol, bindIt: () => void): void => {
    if (!isBound(token)) bindIt();
  };
  bindDefault(Logger, () => bind<Logger>(Logger).toConstantValue(new PinoLogger()));
  bindDefault(Lifecycle, () => bind<Lifecycle>(Lifecycle).toDynamicValue((ctx) => new LifecycleImpl(ctx.get<Logger>(Logger))));
  bindDefault(ConnectorTypeRegistry, () => bind(ConnectorTypeRegistry).to(ConnectorTypeRegistryImpl));
  for (const kind of PLAIN_STEP_KINDS) bind<StepKind>(BuiltinStepKind).toConstantValue(kind);
  bind<StepKind>(BuiltinStepKind).toDynamicValue((ctx) => new ConnectorStepKind(
    ctx.get<ConnectorTypeRegistry>(ConnectorTypeRegistry),
    () => ({
      connectors: ctx.get<ConnectorService>(ConnectorService),
      executor: ctx.get<ActionExecutor>(ActionExecutor),
      allowStepTlsOverride: ctx.get<Config>(Config).networking.allowStepTlsOverride,
    }),
  ));
  bindDefault(StepKindRegistry, () => bind(StepKindRegistry).to(StepKindRegistryImpl));
  bindDefault(ServerContributions, () => bind(ServerContributions).to(ServerContributionsImpl));
  bindDefault(PluginHost, () => bind(PluginHost).to(PluginHostImpl));
  // The egress client is built on first use; the lifecycle closes its pooled connections if it was.
  // Its module (and the action executor's) is loaded then too: `relayflow validate`, and a run
  // whose steps send nothing, never load them.
  let egress: EgressHttpClient | undefined;
  bindDefault(HttpClient, () => bind<HttpClient>(HttpClient).toDynamicValue((ctx) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EgressHttpClient: Client } = require('../http/egress-http-client') as typeof import('../http/egress-http-client');
    egress = new Client(ctx.get<Config>(Config), ctx.get<RuntimeEnvironment>(RuntimeEnvironment, { optional: true }), ctx.get<ConfigProblems>(ConfigProblems, { optional: true }));
    return egress;
  }));
  bindDefault(ConnectorService, () => bind(ConnectorService).to(ConnectorServiceImpl));
  // A shared store's limits count over every worker (DBOS queues, once this process takes part in
  // the work queue); the embedded store's, in this process. Loaded when an action first needs them.
  bindDefault(ConnectorLimiter, () => bind<ConnectorLimiter>(ConnectorLimiter).toDynamicValue((ctx) => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { InProcessConnectorLimiter } = require('../connectors/in-process-connector-limiter') as typeof import('../connectors/in-process-connector-limiter');
    if (!ctx.get<Store>(Store).shared) return new InProcessConnectorLimiter();
    const { DbosConnectorLimiter } = require('../workers/connector-slots') as typeof import('../workers/connector-slots');
    const { THIS_PROCESS } = require('../workflow/resume/execution-holder') as typeof import('../workflow/resume/execution-holder');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return new DbosConnectorLimiter(new InProcessConnectorLimiter(), THIS_PROCESS, ctx.get<Logger>(Logger));
  }));
  bindDefault(ActionExecutor, () => bind<ActionExecutor>(ActionExecutor).toDynamicValue((ctx) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ActionExecutorImpl } = require('../actions/action-executor') as typeof import('../actions/action-executor');
    return new ActionExecutorImpl(
      ctx.get<ConnectorTypeRegistry>(ConnectorTypeRegistry), ctx.get<ConnectorService>(ConnectorService), ctx.get<HttpClient>(HttpClient),
      ctx.get<Logger>(Logger), ctx.get<Config>(Config), ctx.get<ConnectorLimiter>(ConnectorLimiter),
    );
  }));
  bindDefault(WorkflowService, () => bind(WorkflowService).to(WorkflowServiceImpl));
  bindDefault(WorkflowLibrary, () => bind(WorkflowLibrary).to(WorkflowLibraryImpl));
  const encryptionKeys = (ctx: ResolutionContext) => {
    const config = ctx.get<Config>(Config);
    const environment = ctx.get<RuntimeEnvironment>(RuntimeEnvironment);
    return (mayGenerate: boolean) => resolveEncryptionKeys({
      configKey: config.encryptionKey,
      decryptionOnlyKeys: config.decryptionOnlyKeys,
      env: environment.env,
      dataDir: environment.dataDir,
      logger: ctx.get<Logger>(Logger),
      mayGenerate,
    });
  };
  bindDefault(SecretProvider, () => bind<SecretProvider>(SecretProvider).toDynamicValue((ctx) => {
    assertConfiguredKey(ctx.get<Config>(Config).encryptionKey, ctx.get<RuntimeEnvironment>(RuntimeEnvironment).env);
    return new AesGcmSecretProvider(encryptionKeys(ctx));
  }));
  // API keys are hashed with a secret derived from the encryption key (see ApiKeysImpl).
  bindDefault(ApiKeys, () => bind<ApiKeys>(ApiKeys).toDynamicValue((ctx) => new ApiKeysImpl({
    configKeys: ctx.get<Config>(Config).server.apiKeys,
    store: ctx.get<Store>(Store),
    encryptionKeys: encryptionKeys(ctx),
    logger: ctx.get<Logger>(Logger),
  })));
  bind(StoreFactory).to(SqliteStoreFactory);
  bind(StoreFactory).to(PostgresStoreFactory);
  bindDefault(StoreFactoryRegistry, () => bind(StoreFactoryRegistry).to(StoreFactoryRegistryImpl));
  const coreStore = !isBound(Store);
  bindDefault(Store, () => bind<Store>(Store).toDynamicValue((ctx) => {
    const { dataDir, baseDir, createStoreFile } = ctx.get<RuntimeEnvironment>(RuntimeEnvironment);
    return ctx.get<StoreFactoryRegistry>(StoreFactoryRegistry).create(ctx.get<Config>(Config).store, {
      dataDir, baseDir, logger: ctx.get<Logger>(Logger), createFile: createStoreFile,
    });
  }));
  onActivation<Lifecycle>(Lifecycle, (ctx, lifecycle) => {
    registerCoreHooks(lifecycle, ctx, { egress: () => egress, storeSetting: coreStore ? ctx.get<Config>(Config).store : undefined });
    return lifecycle;
  });
});
