import { inject, injectable } from 'inversify';
import { randomUUID } from 'node:crypto';
import { didYouMean } from '../validation/close-matches';
import { RelayflowError } from '../errors/relayflow-error';
import { HostPolicy } from '../http/host-policy';
import { secretValuesOf } from '../secrets/redaction';
import { formatPath } from '../validation/class-validation';
import { Config } from '../config/relayflow-config';
import { ConfigProblems } from '../contracts/config-problems';
import { ConnectorTypeRegistry, type RegisteredConnectorType } from '../contracts/connector-type-registry';
import { SecretProvider } from '../contracts/secret-provider';
import { Store, type StoredConnector } from '../contracts/store';
import { Logger } from '../contracts/logger';
import type { Problem } from '../contracts/problem';
import type { Connector, ConnectorInput, ConnectorUpdate, CreateConnectorOptions, ResolvedConnector } from '../contracts/connector';
import type { ConnectorService } from '../contracts/connector-service';
import { CONNECTOR_ID, CONNECTOR_ID_RULE } from '../contracts/connector';
import type { ConnectorLimits } from '../contracts/connector-limiter';
import { settingsError, validateConnectorSettings, type ValidConnectorSettings } from './connector-validator';
import { checkConnectorLimits } from './connector-limits';
import { shortSecretProblems } from './short-secrets';
import { checkWithoutSecrets, missingSecretKeys, missingSecretsError, type SettingsWithoutSecrets } from './missing-secrets';


interface CachedResolution {
  stamp: string;
  resolved: ResolvedConnector;
  /** Until when it is used without looking at the store again. */
  freshUntil: number;
}

/**
 * How long a resolved stored connector is reused without reading the store again. Changes made
 * through this process apply at once; changes from another process within this time.
 */
const RESOLVE_FRESH_MS = 1000;

/**
 * Connectors: stored ones (secrets sealed by the SecretProvider) and preconfigured ones from
 * the config file (validated at start, read-only, never stored). A connector is addressed by its
 * id or its name; names are unique across both kinds and never equal another connector's id.
 */
@injectable()
export class ConnectorServiceImpl implements ConnectorService {
  private readonly preconfigured = new Map<string, ResolvedConnector & { connector: Connector }>();
  /** Diagnostic use only: preconfigured connectors listed, but not usable (and why). */
  private readonly unusable = new Map<string, { connector: Connector; reason: string }>();
  private readonly cache = new Map<string, CachedResolution>();
  private readonly policy: HostPolicy;
  private changes = 0;

  constructor(
    @inject(Config) private readonly config: Config,
    @inject(ConfigProblems) private readonly configProblems: ConfigProblems,
    @inject(ConnectorTypeRegistry) private readonly types: ConnectorTypeRegistry,
    @inject(SecretProvider) private readonly secrets: SecretProvider,
    @inject(Store) private readonly store: Store,
    @inject(Logger) private readonly logger: Logger,
  ) {
    this.policy = new HostPolicy(config.networking.allowedHosts);
  }

  get generation(): number {
    return this.changes;
  }

  /**
   * Validates the preconfigured connectors once plugins have registered their types, and checks
   * that none shares a name or id with a stored connector (a `connector-id` must never be ambiguous).
   * @throws RelayflowError `CONFIG_INVALID` with a located problem per bad connector
   */
  async loadPreconfigured(): Promise<void> {
    const problems: Problem[] = [];
    const stored = this.config.connectors.length ? await this.store.connectors.list() : [];
    const { warn, unsetPaths = [] } = this.configProblems;
    for (const [i, c] of this.config.connectors.entries()) {
      const clash = stored.find((s) => s.name === c.name || s.id === c.name || s.id === c.id || s.name === c.id);
      if (clash) {
        const byId = clash.id === c.id || clash.name === c.id;
        problems.push(this.configProblems.locate(['connectors', i, byId ? 'id' : 'name'],
          `preconfigured connector "${c.name}" (${c.id}) clashes with the stored connector "${clash.name}" (${clash.id}); rename one of them (relayflow connectors update ${clash.id} --name NEW_NAME) so connector-id stays unambiguous`,
          byId ? 'CONNECTOR_ID_TAKEN' : 'CONNECTOR_NAME_TAKEN'));
        continue;
      }
      const registered = this.types.get(c.type);
      // Diagnostic use only (see ConfigProblems.warn): a connector that cannot be used is still
      // listed, so a workflow naming it validates; its problems were said as warnings.
      const unusable = (reason: string, found: Problem[]): void => {
        found.forEach((p) => warn?.(p));
        this.unusable.set(c.id, { connector: { id: c.id, name: c.name, type: registered?.type.id ?? c.type, config: c.config, isPreconfigured: true }, reason });
      };
      const unset = unsetPaths.filter((p) => p[0] === 'connectors' && p[1] === i);
      if (warn && unset.length) {
        unusable(`its ${unset.map((p) => formatPath(p.slice(2))).join(', ')} names an environment variable that is not set`, []);
        continue;
      }
      if (!registered) {
        const problem = this.configProblems.locate(['connectors', i, 'type'], `unknown connector type "${c.type}"; registered types: ${this.typeIds()}`, 'CONNECTOR_TYPE_NOT_FOUND');
        if (warn) unusable(`its type "${c.type}" is provided by no loaded plugin`, [problem]);
        else problems.push(problem);
        continue;
      }
      const result = validateConnectorSettings(registered.type, c, this.policy, ['connectors', i]);
      const limits = checkConnectorLimits(c.limits, ['connectors', i, 'limits']);
      if (!result.ok || !limits.ok) {
        const found = [...(result.ok ? [] : result.problems), ...(limits.ok ? [] : limits.problems)].map((p) => this.configProblems.locate(p.path, p.message, p.code));
        if (warn) unusable('it is invalid', found);
        else problems.push(...found);
        continue;
      }
      for (const warning of result.value.warnings) this.logger.warn(`preconfigured connector "${c.name}": ${warning}`);
      for (const short of shortSecretProblems(c.secrets)) this.logger.warn(`preconfigured connector "${c.name}": ${short.message} (it is not redacted from output)`);
      // An alias (Kibana's `.slack`) is read, the type's own id is what the connector shows.
      const type = registered.type.id;
      const connector: Connector = { id: c.id, name: c.name, type, config: plain(result.value.config), isPreconfigured: true, ...withLimits(limits.limits) };
      this.preconfigured.set(c.id, {
        connector,
        ref: { id: c.id, name: c.name, type, isPreconfigured: true },
        type: registered.type,
        config: result.value.config,
        secrets: result.value.secrets,
        secretValues: secretValuesOf(result.value.secrets),
        ...withLimits(limits.limits),
      });
    }
    if (problems.length) throw new RelayflowError('CONFIG_INVALID', `preconfigured connectors are invalid (${problems.length} problem${problems.length === 1 ? '' : 's'})`, { problems });
  }

  async create(input: ConnectorInput, options: CreateConnectorOptions = {}): Promise<Connector> {
    const registered = this.requireType(input.type);
    const id = input.id ?? randomUUID();
    if (typeof id !== 'string' || !CONNECTOR_ID.test(id)) {
      throw new RelayflowError('VALIDATION_FAILED', `connector id must be ${CONNECTOR_ID_RULE} (got ${JSON.stringify(id)}); leave it out to have a UUID generated`);
    }
    await this.assertNameFree(input.name, id);
    if (this.preconfigured.has(id) || (await this.store.connectors.get(id))) {
      throw new RelayflowError('CONNECTOR_ID_TAKEN', `a connector with id ${id} already exists`);
    }
    if (this.findPreconfigured(id) || (await this.store.connectors.getByName(id))) {
      throw new RelayflowError('CONNECTOR_ID_TAKEN', `"${id}" is already another connector's name; choose another id (or leave --id out)`);
    }
    const what = `connector "${input.name}"`;
    const limits = this.checkLimits(input.limits, what);
    const { valid, missing } = options.withoutSecrets && isEmpty(input.secrets)
      ? this.validateWithoutSecrets(registered, input.config, what)
      : { valid: this.validate(registered, input, what, true), missing: [] };
    const now = new Date().toISOString();
    const type = registered.type.id;
    const config = plain(valid.config);
    if (options.dryRun) return withNotes({ id, name: input.name, type, config, isPreconfigured: false, ...withLimits(limits) }, valid.warnings, missing);
    const row: StoredConnector = {
      id, name: input.name, type, config,
      secrets: await this.secrets.seal(plain(valid.secrets), binding(id, type, input.name)), ...withLimits(limits), createdAt: now, updatedAt: now,
    };
    await this.store.connectors.insert(row);
    this.changes++;
    return withNotes(toConnector(row), valid.warnings, missing);
  }

  async update(idOrName: string, patch: ConnectorUpdate): Promise<Connector> {
    const current = await this.findStored(idOrName, 'changed');
    const registered = this.requireType(current.type);
    const name = patch.name ?? current.name;
    if (name !== current.name) await this.assertNameFree(name, current.id);
    const secrets = patch.secrets ?? (await this.secrets.open(current.secrets, binding(current.id, current.type, current.name)));
    const config = patch.config ?? current.config;
    // `null` or `{}` removes the limits; absent keeps them.
    const limits = patch.limits === undefined ? current.limits : this.checkLimits(patch.limits, `connector "${name}"`);
    // A connector still without its secrets (imported) may be renamed or reconfigured before they are set.
    const { valid, missing } = patch.secrets === undefined && isEmpty(secrets) && !validateConnectorSettings(registered.type, { config, secrets }, this.policy).ok
      ? this.validateWithoutSecrets(registered, config, `connector "${name}"`)
      : { valid: this.validate(registered, { config, secrets }, `connector "${name}"`, patch.secrets !== undefined), missing: [] };
    const { limits: _old, ...unlimited } = current;
    const row: StoredConnector = {
      ...unlimited, name, config: plain(valid.config),
      secrets: await this.secrets.seal(plain(valid.secrets), binding(current.id, current.type, name)), ...withLimits(limits), updatedAt: new Date().toISOString(),
    };
    await this.store.connectors.update(row);
    this.changes++;
    this.forget(current.id);
    return withNotes(toConnector(row), valid.warnings, missing);
  }

  async delete(idOrName: string): Promise<void> {
    const current = await this.findStored(idOrName, 'deleted');
    await this.store.connectors.delete(current.id);
    this.changes++;
    this.forget(current.id);
  }

  async get(idOrName: string): Promise<Connector> {
    const found = await this.find(idOrName);
    if (!found) throw this.notFound(idOrName, await this.names());
    return found;
  }

  async find(idOrName: string): Promise<Connector | undefined> {
    const pre = this.findPreconfigured(idOrName) ?? this.findUnusable(idOrName);
    if (pre) return pre.connector;
    const stored = await this.lookup(idOrName);
    return stored && toConnector(stored);
  }

  async list(): Promise<Connector[]> {
    const stored = (await this.store.connectors.list()).map(toConnector);
    const pre = [...this.preconfigured.values(), ...this.unusable.values()].map((p) => p.connector);
    return [...pre, ...stored].sort((a, b) => a.name.localeCompare(b.name));
  }

  async resolve(idOrName: string): Promise<ResolvedConnector> {
    const pre = this.findPreconfigured(idOrName);
    if (pre) return pre;
    const unusable = this.findUnusable(idOrName);
    if (unusable) {
      throw new RelayflowError('CONFIG_INVALID', `preconfigured connector "${unusable.connector.name}" cannot be used: ${unusable.reason} (see the warnings about the config file)`);
    }
    const fresh = this.cache.get(idOrName);
    if (fresh && fresh.freshUntil > Date.now()) return fresh.resolved;
    const stored = await this.lookup(idOrName);
    if (!stored) throw this.notFound(idOrName, await this.names());
    const stamp = `${stored.updatedAt}|${stored.secrets.ciphertext.length}|${stored.secrets.keyId}`;
    const cached = this.cache.get(stored.id);
    if (cached && cached.stamp === stamp) {
      this.remember(idOrName, cached);
      return cached.resolved;
    }
    const registered = this.requireType(stored.type);
    const secrets = await this.secrets.open(stored.secrets, binding(stored.id, stored.type, stored.name));
    if (isEmpty(secrets)) {
      // Created without its secrets (a Kibana import): say which ones to set, and how.
      const missing = missingSecretKeys(registered.type, stored.config, this.policy);
      if (missing.length) throw missingSecretsError(stored.name, missing);
    }
    const valid = this.validate(registered, { config: stored.config, secrets }, `stored connector "${stored.name}"`);
    const resolved: ResolvedConnector = {
      ref: { id: stored.id, name: stored.name, type: stored.type, isPreconfigured: false },
      type: registered.type, config: valid.config, secrets: valid.secrets, secretValues: secretValuesOf(secrets), ...withLimits(stored.limits),
    };
    this.remember(idOrName, { stamp, resolved, freshUntil: 0 });
    return resolved;
  }

  /** Caches a resolution under the connector's id and the name or id it was asked by. */
  private remember(idOrName: string, entry: CachedResolution): void {
    const fresh = { ...entry, freshUntil: Date.now() + RESOLVE_FRESH_MS };
    this.cache.set(entry.resolved.ref.id, fresh);
    this.cache.set(idOrName, fresh);
  }

  /** Forgets every cached resolution of a connector (by id and by any name it was asked by). */
  private forget(id: string): void {
    for (const [key, entry] of this.cache) if (entry.resolved.ref.id === id) this.cache.delete(key);
  }

  /**
   * A connector's limits as given: checked, with only the keys set (undefined for none).
   * @throws RelayflowError `VALIDATION_FAILED` naming the field (`limits.rate`)
   */
  private checkLimits(value: unknown, what: string): ConnectorLimits | undefined {
    const checked = checkConnectorLimits(value);
    if (!checked.ok) throw settingsError(what, checked.problems);
    return checked.limits;
  }

  /** @param saving - the secrets are being saved: refuse ones too short to be redacted */
  private validate(registered: RegisteredConnectorType, input: { config?: unknown; secrets?: unknown }, what: string, saving = false): ValidConnectorSettings {
    const result = validateConnectorSettings(registered.type, input, this.policy);
    const short = saving ? shortSecretProblems(input.secrets) : [];
    if (!result.ok || short.length) throw settingsError(what, [...(result.ok ? [] : result.problems), ...short]);
    return result.value;
  }

  private validateWithoutSecrets(registered: RegisteredConnectorType, config: unknown, what: string): SettingsWithoutSecrets {
    const result = checkWithoutSecrets(registered.type, config, this.policy);
    if (!result.ok) throw settingsError(what, result.problems);
    return result.value;
  }

  private requireType(id: string): RegisteredConnectorType {
    const registered = this.types.get(id);
    if (!registered) {
      const known = this.types.list().flatMap((t) => [t.type.id, ...(t.type.aliases ?? [])]);
      const hint = didYouMean(id, known);
      throw new RelayflowError('CONNECTOR_TYPE_NOT_FOUND', hint
        ? `unknown connector type "${id}"${hint} (registered types: ${this.typeIds()})`
        : `unknown connector type "${id}"; registered types: ${this.typeIds()}. Install the plugin that provides it`);
    }
    return registered;
  }

  private typeIds(): string {
    return this.types.list().map((t) => t.type.id).join(', ') || '(none: no plugins are loaded)';
  }

  private async assertNameFree(name: string, selfId: string): Promise<void> {
    if (typeof name !== 'string' || name.trim() === '') throw new RelayflowError('VALIDATION_FAILED', 'connector name must be a non-empty string');
    const clash = this.findPreconfigured(name) ?? (await this.lookup(name));
    const clashId = clash && ('ref' in clash ? clash.ref.id : clash.id);
    if (clashId && clashId !== selfId) {
      throw new RelayflowError('CONNECTOR_NAME_TAKEN', `a connector named "${name}" already exists (or "${name}" is another connector's id); connector names are unique`);
    }
  }

  private async findStored(idOrName: string, verb: string): Promise<StoredConnector> {
    if (this.findPreconfigured(idOrName)) {
      throw new RelayflowError('CONNECTOR_READ_ONLY', `connector "${idOrName}" is preconfigured in the config file and cannot be ${verb}; edit the config file instead`);
    }
    const stored = await this.lookup(idOrName);
    if (!stored) throw this.notFound(idOrName, await this.names());
    return stored;
  }

  private findPreconfigured(idOrName: string): (ResolvedConnector & { connector: Connector }) | undefined {
    const byId = this.preconfigured.get(idOrName);
    if (byId) return byId;
    for (const p of this.preconfigured.values()) if (p.connector.name === idOrName) return p;
    return undefined;
  }

  private findUnusable(idOrName: string): { connector: Connector; reason: string } | undefined {
    const byId = this.unusable.get(idOrName);
    if (byId) return byId;
    for (const p of this.unusable.values()) if (p.connector.name === idOrName) return p;
    return undefined;
  }

  private async lookup(idOrName: string): Promise<StoredConnector | undefined> {
    return (CONNECTOR_ID.test(idOrName) ? await this.store.connectors.get(idOrName) : undefined) ?? (await this.store.connectors.getByName(idOrName));
  }

  private notFound(idOrName: string, known: Iterable<string> = []): RelayflowError {
    const hint = didYouMean(idOrName, known);
    return new RelayflowError('CONNECTOR_NOT_FOUND', `no connector has the id or name "${idOrName}"${hint ? `${hint} (see: relayflow connectors list)` : '; see: relayflow connectors list'}`);
  }

  /** The names of every connector (stored and preconfigured), for "did you mean". */
  private async names(): Promise<string[]> {
    const stored = await this.store.connectors.list();
    return [...stored.map((c) => c.name), ...[...this.preconfigured.values()].map((p) => p.connector.name)];
  }
}

function binding(connectorId: string, connectorType: string, connectorName: string) {
  return { connectorId, connectorType, connectorName };
}

function toConnector(row: StoredConnector): Connector {
  return { id: row.id, name: row.name, type: row.type, config: row.config, isPreconfigured: false, ...withLimits(row.limits), createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** `{ limits }` when there are any, else nothing: a connector without limits has no `limits` key. */
function withLimits(limits: ConnectorLimits | undefined): { limits?: ConnectorLimits } {
  return limits ? { limits } : {};
}

function withNotes(connector: Connector, warnings: string[], missingSecrets: string[]): Connector {
  return {
    ...connector,
    ...(warnings.length ? { warnings } : {}),
    ...(missingSecrets.length ? { missingSecrets } : {}),
  };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0);
}

function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
