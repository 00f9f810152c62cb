import { injectable, multiInject, optional } from 'inversify';
import { RelayflowError } from '../../errors/relayflow-error';
import { BuiltinStepKind, type StepKind, type StepKindRegistry } from '../../contracts/step-kind';

const KIND_ID = /^[a-z][a-z0-9_.-]*$/;

/**
 * Step kinds: core's built-ins (bound to `BuiltinStepKind`) first, then the ones plugins register
 * in setup. A step type belongs to the first kind that handles it. Frozen once plugins started.
 */
@injectable()
export class StepKindRegistryImpl implements StepKindRegistry {
  private readonly kinds = new Map<string, { kind: StepKind; pluginId: string }>();
  private frozen = false;

  constructor(@multiInject(BuiltinStepKind) @optional() builtins: StepKind[] = []) {
    for (const kind of builtins) this.register(kind, 'core');
  }

  register(kind: StepKind, pluginId: string): void {
    if (this.frozen) {
      throw new RelayflowError('REGISTRY_FROZEN', `plugin "${pluginId}" registered step kind "${kind?.kind}" after start; register step kinds in setup()`);
    }
    checkShape(kind, pluginId);
    const existing = this.kinds.get(kind.kind);
    if (existing) {
      throw new RelayflowError('DUPLICATE_TYPE', `step kind "${kind.kind}" is registered by both plugin "${existing.pluginId}" and plugin "${pluginId}"; remove one of them`);
    }
    for (const { type } of kind.types()) {
      const owner = [...this.kinds.values()].find((k) => k.kind.handles(type) !== false);
      if (owner) {
        throw new RelayflowError('DUPLICATE_TYPE', `step type "${type}" of plugin "${pluginId}" is already the ${owner.kind.kind} kind's (plugin "${owner.pluginId}"); give the step type another name`);
      }
    }
    this.kinds.set(kind.kind, { kind, pluginId });
  }

  resolve(type: string): StepKind | string | undefined {
    for (const { kind } of this.kinds.values()) {
      const handles = kind.handles(type);
      if (handles === true) return kind;
      if (typeof handles === 'string') return handles;
    }
    return undefined;
  }

  get(kind: string): StepKind | undefined {
    return this.kinds.get(kind)?.kind;
  }

  list(): StepKind[] {
    return [...this.kinds.values()].map((k) => k.kind);
  }

  freeze(): void {
    this.frozen = true;
  }
}

function checkShape(kind: StepKind, pluginId: string): void {
  const problems: string[] = [];
  if (typeof kind?.kind !== 'string' || !KIND_ID.test(kind.kind)) problems.push(`kind must be lower-case letters, digits, ".", "-" or "_" (got ${JSON.stringify(kind?.kind)})`);
  for (const fn of ['handles', 'types', 'compile', 'run'] as const) {
    if (typeof kind?.[fn] !== 'function') problems.push(`${fn} must be a function`);
  }
  if (typeof kind?.keys !== 'object' || kind.keys === null) problems.push('keys must be an object (the step keys it takes: with, connector-id, condition, steps, else)');
  if (problems.length) {
    throw new RelayflowError('PLUGIN_INVALID', `plugin "${pluginId}" registered an invalid step kind: ${problems.join('; ')}`);
  }
}
