import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { ActionExecutorImpl } from './actions/action-executor';
import { ConnectorServiceImpl } from './connectors/connector-service';
import { EgressHttpClient } from './http/egress-http-client';
import { ConsoleLogger } from './logging/console-logger';
import { PluginHostImpl } from './plugins/plugin-host';
import { ConnectorTypeRegistryImpl } from './registry/connector-type-registry';
import { AesGcmSecretProvider } from './secrets/aes-gcm-secret-provider';
import { assertConfiguredKey, resolveEncryptionKeys } from './secrets/encryption-keys';
import { SqliteStoreFactory } from './store/sqlite/sqlite-store-factory';
import { StoreFactoryRegistryImpl } from './store/store-factory-registry';
import { WorkflowServiceImpl } from './workflow/workflow-service';
import { ActionExecutor } from './contracts/action-executor';
import { Config } from './config/relayflow-config';
import { ConnectorService } from './contracts/connector-service';
import { ConnectorTypeRegistry } from './contracts/connector-type-registry';
import { HttpClient } from './contracts/http-client';
import { Logger } from './contracts/logger';
import { PluginHost } from './contracts/plugin-host';
import { RuntimeEnvironment } from './contracts/runtime-environment';
import { SecretProvider } from './contracts/secret-provider';
import { Store } from './contracts/store';
import { StoreFactory, StoreFactoryRegistry } from './contracts/store-factory';
import { WorkflowService } from './contracts/workflow-service';

/**
 * Binds core's services. A service the host container already binds (Logger, Store,
 * SecretProvider, HttpClient, ...) is left as the host bound it. Store kinds are `StoreFactory`
 * bindings, SQLite's among them.
 */
export const coreModule = new ContainerModule((options: ContainerModuleLoadOptions) => {
  const { bind, isBound } = options;
  const bindDefault = (token: symbol, bindIt: () => void): void => {
    if (!isBound(token)) bindIt();
  };
  bindDefault(Logger, () => bind<Logger>(Logger).toConstantValue(new ConsoleLogger()));
  bindDefault(ConnectorTypeRegistry, () => bind(ConnectorTypeRegistry).to(ConnectorTypeRegistryImpl));
  bindDefault(PluginHost, () => bind(PluginHost).to(PluginHostImpl));
  bindDefault(HttpClient, () => bind(HttpClient).to(EgressHttpClient));
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
  bindDefault(Store, () => bind<Store>(Store).toDynamicValue((ctx) => {
    const { dataDir, baseDir } = ctx.get<RuntimeEnvironment>(RuntimeEnvironment);
    return ctx.get<StoreFactoryRegistry>(StoreFactoryRegistry).create(ctx.get<Config>(Config).store, { dataDir, baseDir, logger: ctx.get<Logger>(Logger) });
  }));
});
