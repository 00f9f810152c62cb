import { injectable } from 'inversify';
import type { ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { ConnectorTypeRegistry, RegisteredConnectorType } from '../contracts/connector-type-registry';

const TYPE_ID = /^[a-z][a-z0-9_-]*$/;

/** Connector types by id; frozen once plugins have started. */
@injectable()
export class ConnectorTypeRegistryImpl implements ConnectorTypeRegistry {
  private readonly types = new Map<string, RegisteredConnectorType>();
  private frozen = false;

  register(type: ConnectorType, pluginId: string): void {
    if (this.frozen) {
      throw new RelayflowError('REGISTRY_FROZEN', `plugin "${pluginId}" registered connector type "${type.id}" after start; register connector types in setup()`);
    }
    checkShape(type, pluginId);
    const existing = this.types.get(type.id);
    if (existing) {
      throw new RelayflowError('DUPLICATE_TYPE',
        `connector type "${type.id}" is registered by both plugin "${existing.pluginId}" and plugin "${pluginId}"; remove one of them from the plugins list (or uninstall it)`);
    }
    this.types.set(type.id, { type, pluginId });
  }

  get(id: string): RegisteredConnectorType | undefined {
    return this.types.get(id);
  }

  list(): RegisteredConnectorType[] {
    return [...this.types.values()].sort((a, b) => a.type.id.localeCompare(b.type.id));
  }

  freeze(): void {
    this.frozen = true;
  }
}

function checkShape(type: ConnectorType, pluginId: string): void {
  const problems: string[] = [];
  if (typeof type?.id !== 'string' || !TYPE_ID.test(type.id)) problems.push(`id must be lower-case letters, digits, "-" or "_" (got ${JSON.stringify(type?.id)})`);
  if (typeof type?.config !== 'function' || typeof type?.secrets !== 'function') problems.push('config and secrets must be classes');
  const actions = Object.values(type?.actions ?? {});
  if (actions.length === 0) problems.push('it has no actions');
  if (type?.actions && !type.actions[type.defaultAction]) problems.push(`defaultAction "${type.defaultAction}" is not one of its actions`);
  for (const action of actions) {
    if (typeof action.params !== 'function' || typeof action.execute !== 'function') problems.push(`action "${action.id}" needs a params class and an execute function`);
  }
  if (problems.length) {
    throw new RelayflowError('PLUGIN_INVALID', `plugin "${pluginId}" registered an invalid connector type: ${problems.join('; ')}. Build connector types with defineConnectorType from @relayflow/sdk`);
  }
}
