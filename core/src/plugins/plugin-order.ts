import { RelayflowError } from '../errors/relayflow-error';
import type { PluginCandidate } from './plugin-loader';

/**
 * Orders plugins so each comes after its dependencies, keeping the given order otherwise.
 *
 * @throws RelayflowError `PLUGIN_DUPLICATE` (two plugins with one id), `PLUGIN_DEPENDENCY_MISSING`,
 *   `PLUGIN_INVALID` (a dependency cycle)
 */
export function orderPlugins(candidates: PluginCandidate[]): PluginCandidate[] {
  const byId = new Map<string, PluginCandidate>();
  for (const c of candidates) {
    const other = byId.get(c.plugin.id);
    if (other) {
      throw new RelayflowError('PLUGIN_DUPLICATE', `plugin id "${c.plugin.id}" is provided twice: by ${describe(other)} and by ${describe(c)}; keep only one of them`);
    }
    byId.set(c.plugin.id, c);
  }
  for (const c of candidates) {
    for (const dep of c.plugin.dependencies ?? []) {
      if (!byId.has(dep)) {
        throw new RelayflowError('PLUGIN_DEPENDENCY_MISSING',
          `plugin "${c.plugin.id}" depends on plugin "${dep}", which is not loaded; install the package that provides "${dep}" (and list it under plugins if you list plugins explicitly)`);
      }
    }
  }
  const ordered: PluginCandidate[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: PluginCandidate, trail: string[]): void => {
    const s = state.get(c.plugin.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new RelayflowError('PLUGIN_INVALID', `plugins depend on each other in a cycle: ${[...trail, c.plugin.id].join(' -> ')}`);
    }
    state.set(c.plugin.id, 'visiting');
    for (const dep of c.plugin.dependencies ?? []) visit(byId.get(dep) as PluginCandidate, [...trail, c.plugin.id]);
    state.set(c.plugin.id, 'done');
    ordered.push(c);
  };
  for (const c of candidates) visit(c, []);
  return ordered;
}

function describe(c: PluginCandidate): string {
  return c.packageName ? `package ${c.packageName}` : c.source;
}
