import { injectable } from 'inversify';
import type { ConnectorType } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { ConnectorTypeRegistry, RegisteredConnectorType } from '../contracts/connector-type-registry';

const TYPE_ID = /^[a-z][a-z0-9_-]*$/;
/** Aliases may also start with or contain a dot: Kibana's ids are `.slack`, `.cases-webhook`. */
const TYPE_ALIAS = /^\.?[a-z][a-z0-9_.-]*$/;

/** Connector types by id (and by alias); frozen once plugins have started. */
@injectable()
export class ConnectorTypeRegistryImpl implements ConnectorTypeRegistry {
  private readonly types = new Map<string, RegisteredConnectorType>();
  private readonly aliases = new Map<string, RegisteredConnectorType>();
  private frozen = false;

  register(type: ConnectorType, pluginId: string): void {
    if (this.frozen) {
      throw new RelayflowError('REGISTRY_FROZEN', `plugin "${pluginId}" registered connector type "${type.id}" after start; register connector types in setup()`);
    }
    checkShape(type, pluginId);
    for (const name of [type.id, ...(type.aliases ?? [])]) {
      const existing = this.get(name);
      if (existing) {
        const what = name === type.id ? `connector type "${name}"` : `connector type alias "${name}" (of ${type.id})`;
        const theirs = existing.type.id === name ? '' : ` (as an alias of ${existing.type.id})`;
        throw new RelayflowError('DUPLICATE_TYPE',
          `${what} is registered by both plugin "${existing.pluginId}"${theirs} and plugin "${pluginId}"; remove one of them from the plugins list (or uninstall it)`);
      }
    }
    const registered = { type, pluginId };
    this.types.set(type.id, registered);
    for (const alias of type.aliases ?? []) this.aliases.set(alias, registered);
  }

  get(idOrAlias: string): RegisteredConnectorType | undefined {
    return this.types.get(idOrAlias) ?? this.aliases.get(idOrAlias);
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
  if (type?.aliases !== undefined) {
    const aliases: unknown = type.aliases;
    if (!Array.isArray(aliases)) problems.push('aliases must be a list of strings');
    else {
      for (const alias of aliases) {
        if (typeof alias !== 'string' || !TYPE_ALIAS.test(alias) || alias === type.id) {
          problems.push(`alias ${JSON.stringify(alias)} must be lower-case letters, digits, "-", "_" or "." (optionally starting with ".") and differ from the id`);
        }
      }
      if (new Set(aliases).size !== aliases.length) problems.push('aliases must not repeat');
    }
  }
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
