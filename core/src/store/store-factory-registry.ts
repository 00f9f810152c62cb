import { injectable, multiInject } from 'inversify';
import { RelayflowError } from '../errors/relayflow-error';
import { StoreFactory, type StoreFactoryContext, type StoreFactoryRegistry } from '../contracts/store-factory';
import type { Store } from '../contracts/store';
import { stripCredentials } from '../secrets/redaction';

/**
 * The store kinds bound to `StoreFactory` (Theia's contribution provider: none bound is an empty
 * list). Picks the factory by the setting's URL scheme; the first bound for a scheme wins.
 */
@injectable()
export class StoreFactoryRegistryImpl implements StoreFactoryRegistry {
  constructor(@multiInject(StoreFactory) private readonly factories: StoreFactory[]) {}

  list(): readonly StoreFactory[] {
    return [...this.factories];
  }

  create(setting: string, context: StoreFactoryContext): Store {
    const scheme = schemeOf(setting);
    const factory = scheme === undefined ? undefined : this.factories.find((f) => f.schemes.includes(scheme));
    if (!factory) throw notSupported(setting, this.factories);
    return factory.create(setting, context);
  }
}

/**
 * The scheme of a `store:` setting, lower-case: `postgres` for `postgres://...`, `sqlite` for
 * `sqlite` or `sqlite:./data.db`; undefined for text that is neither a URL nor a word.
 */
export function schemeOf(setting: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*)(?::|$)/i.exec(setting.trim());
  return match?.[1].toLowerCase();
}

/** The setting as it may be shown: no user:password, no password in the query. */
export function displaySetting(setting: string): string {
  return stripCredentials(setting).replace(/([?&](?:password|pass|pwd|sslpassword)=)[^&#]*/gi, '$1***');
}

function notSupported(setting: string, factories: readonly StoreFactory[]): RelayflowError {
  const shown = displaySetting(setting);
  if (factories.length === 0) return new RelayflowError('NOT_SUPPORTED', `store "${shown}" is not available: no StoreFactory is bound in the container`);
  const offered = factories.map((f) => f.description).filter((d, i, all) => all.indexOf(d) === i);
  return new RelayflowError('NOT_SUPPORTED',
    `store "${shown}" is not available in this version: only ${offered.join(' and ')} ${offered.length === 1 ? 'is' : 'are'}`);
}
