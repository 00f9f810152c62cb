import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { injectable } from 'inversify';
import type { RegisteredStaticAssets, ServerContributions, StaticAssets } from '../contracts/server-contribution';
import { RelayflowError } from '../errors/relayflow-error';

/** `/` or `/name/` (several segments allowed), each segment a plain name. */
const PREFIX = /^\/(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*$/;
const SUBFOLDER = /^[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** What plugins contribute to the REST server; frozen once plugins have started. */
@injectable()
export class ServerContributionsImpl implements ServerContributions {
  private readonly statics: RegisteredStaticAssets[] = [];
  private frozen = false;

  registerStaticAssets(assets: StaticAssets, pluginId: string): void {
    if (this.frozen) {
      throw new RelayflowError('REGISTRY_FROZEN', `plugin "${pluginId}" registered static files "${assets?.id}" after start; register them in setup()`);
    }
    const problems = staticAssetsProblems(assets);
    if (problems.length) {
      throw new RelayflowError('PLUGIN_INVALID', `plugin "${pluginId}" registered invalid static files ${JSON.stringify(assets?.id)}: ${problems.join('; ')}`);
    }
    const taken = this.statics.find((s) => s.assets.prefix === assets.prefix);
    if (taken) {
      throw new RelayflowError('DUPLICATE_TYPE',
        `the URL prefix "${assets.prefix}" is served by both plugin "${taken.pluginId}" (${taken.assets.id}) and plugin "${pluginId}" (${assets.id}); remove one of them from the plugins list (or uninstall it)`);
    }
    this.statics.push({ assets: { ...assets, immutable: [...(assets.immutable ?? [])] }, pluginId });
  }

  staticAssets(): RegisteredStaticAssets[] {
    return [...this.statics];
  }

  freeze(): void {
    this.frozen = true;
  }
}

function staticAssetsProblems(assets: StaticAssets): string[] {
  if (typeof assets !== 'object' || assets === null) return ['it must be an object { id, prefix, root, immutable? }'];
  const problems: string[] = [];
  if (typeof assets.id !== 'string' || !assets.id.trim()) problems.push('id must be a non-empty string');
  if (typeof assets.prefix !== 'string' || !PREFIX.test(assets.prefix)) {
    problems.push(`prefix must be "/" or "/name/" (got ${JSON.stringify(assets.prefix)})`);
  } else if (/^\/api\//i.test(assets.prefix)) {
    problems.push(`prefix must not be under /api/, which is the REST API's (got "${assets.prefix}")`);
  }
  if (typeof assets.root !== 'string' || !isAbsolute(assets.root)) {
    problems.push(`root must be an absolute path (got ${JSON.stringify(assets.root)})`);
  } else if (!isDirectory(assets.root)) {
    problems.push(`root "${assets.root}" is not a folder`);
  }
  const immutable: unknown = assets.immutable;
  if (immutable !== undefined && (!Array.isArray(immutable) || !immutable.every((d) => typeof d === 'string' && SUBFOLDER.test(d)))) {
    problems.push('immutable must be a list of sub-folders of root, e.g. ["assets"]');
  }
  return problems;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
