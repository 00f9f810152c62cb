import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { ActionExecutorImpl } from './actions/action-executor';
import { ConnectorServiceImpl } from './connectors/connector-service';
import { EgressHttpClient } from './http/egress-http-client';
import { LifecycleImpl } from './lifecycle/lifecycle-impl';
import { PinoLogger } from './logging/pino-logger';
import { PluginHostImpl } from './plugins/plugin-host';
import { ConnectorTypeRegistryImpl } from './registry/connector-type-registry';
import { AesGcmSecretProvider } from './secrets/aes-gcm-secret-provider';
import { assertConfiguredKey, resolveEncryptionKeys } from './secrets/encryption-keys';
import { SqliteStoreFactory } from './store/sqlite/sqlite-store-factory';
import { StoreFactoryRegistryImpl } from './store/store-factory-registry';
import { WorkflowServiceImpl } from './workflow/workflow-service';
import { PLAIN_STEP_KINDS } from './workflow/steps/builtin-step-kinds';
import { ConnectorStepKind } from './workflow/steps/connector-step';
import { StepKindRegistryImpl } from './workflow/steps/step-kind-registry';
import { BuiltinStepKind, StepKindRegistry, type StepKind } from './contracts/step-kind';
import { ActionExecutor } from './contracts/action-executor';
import { Config } from './config/relayflow-config';
import { ConnectorService } from './contracts/connector-service';
import { ConnectorTypeRegistry } from './contracts/connector-type-registry';
import { HttpClient } from './contracts/http-client';
import { Lifecycle } from './contracts/lifecycle';
import { Logger } from './contracts/logger';
import { PluginHost } from './contracts/plugin-host';
import { RuntimeEnvironment } from './contracts/runtime-environment';
import { SecretProvider } from './contracts/secret-provider';
import { Store } from './contracts/store';
import { StoreFactory, StoreFactoryRegistry } from './contracts/store-factory';
import { WorkflowService } from './contracts/workflow-service';
import { registerCoreHooks } from './core-hooks';

/**
 * Binds core's services. A service the host container already binds (Logger, Store,
 * SecretProvider, HttpClient, ...) is left as the host bound it. Core's parts register with the
 * `Lifecycle` when it is first resolved (see registerCoreHooks); store kinds are `StoreFactory`
 * bindings, SQLite's among them.
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
  bindDefault(PluginHost, () => bind(PluginHost).to(PluginHostImpl));
  // The egress client is built on first use; the lifecycle closes its pooled connections if it was.
  let egress: EgressHttpClient | undefined;
  bindDefault(HttpClient, () => bind<EgressHttpClient>(HttpClient).to(EgressHttpClient).onActivation((_ctx, client) => (egress = client)));
  bindDefault(ConnectorService, () => bind(ConnectorService).to(ConnectorServiceImpl));
  bindDefault(ActionExecutor, () => bind(ActionExecutor).to(ActionExecutorImpl));
  bindDefault(WorkflowService, () => bind(WorkflowService).to(WorkflowServiceImpl));
  bindDefault(SecretProvider, () => bind<SecretProvider>(SecretProvider).toDynamicValue((ctx) => {
    const config = ctx.get<Config>(Config);
    const environment = ctx.get<RuntimeEnvironment>(RuntimeEnvironment);
    assertConfiguredKey(config.encryptionKey, environment.env);
    return new AesGcmSecretProvider((mayGenerate) => resolveEncryptionKeys({
      configKey: config.encryptionKey,
      decryptionOnlyKeys: config.decryptionOnlyKeys,
      env: environment.env,
      dataDir: environment.dataDir,
      logger: ctx.get<Logger>(Logger),
      mayGenerate,
    }));
  }));
  bind(StoreFactory).to(SqliteStoreFactory);
  bindDefault(StoreFactoryRegistry, () => bind(StoreFactoryRegistry).to(StoreFactoryRegistryImpl));
  const coreStore = !isBound(Store);
  bindDefault(Store, () => bind<Store>(Store).toDynamicValue((ctx) => {
    const { dataDir, baseDir } = ctx.get<RuntimeEnvironment>(RuntimeEnvironment);
    return ctx.get<StoreFactoryRegistry>(StoreFactoryRegistry).create(ctx.get<Config>(Config).store, { dataDir, baseDir, logger: ctx.get<Logger>(Logger) });
  }));
  onActivation<Lifecycle>(Lifecycle, (ctx, lifecycle) => {
    registerCoreHooks(lifecycle, ctx, { egress: () => egress, storeSetting: coreStore ? ctx.get<Config>(Config).store : undefined });
    return lifecycle;
  });
});
