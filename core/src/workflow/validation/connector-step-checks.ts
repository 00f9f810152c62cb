import type { ActionType } from '../../contracts/connector-type';
import { containsTemplate, isTemplate } from '../../templating/template-renderer';
import { validateClass, type FieldPath } from '../../validation/class-validation';
import type { Connector } from '../../contracts/connector';
import type { CompiledStep } from '../../contracts/compiled-workflow';
import { didYouMean } from './close-matches';
import type { ProblemSink } from './problem-sink';
import type { CompileEnvironment } from './step-compiler';
import { isPlain, type Plain } from './plain';

/** The checks of a step's `connector-id` and `with` against the installation's connectors and the action's schema. */
export class ConnectorStepChecks {
  /** Connector look-ups still running. */
  readonly pending: Array<Promise<void>> = [];
  private connectorList?: Promise<Connector[]>;

  constructor(private readonly sink: ProblemSink, private readonly env: CompileEnvironment) {}

  /**
   * Checks a connector step's `connector-id` against the action (required, optional, none) and
   * the stored and preconfigured connectors (looked up in the background: see `pending`).
   * @param templated - given a templated connector-id, to check its template
   */
  checkConnector(plain: Plain, path: FieldPath, step: CompiledStep, templated: (id: string, path: FieldPath) => void): void {
    const { type, action } = step.connector!;
    const id = plain['connector-id'];
    if (id === undefined) {
      if (action.connector === 'required') {
        this.sink.add([...path, 'connector-id'], `missing required key "connector-id": ${step.type} steps need a ${type.id} connector (its name or id)`, 'parent');
      } else {
        this.checkWithoutConnector(plain.with, [...path, 'with'], step.type, action);
      }
      return;
    }
    if (typeof id !== 'string') return;
    if (action.connector === 'none') {
      this.sink.add([...path, 'connector-id'], `${type.id}.${action.id} does not use a connector; remove connector-id`, 'key');
      return;
    }
    if (isTemplate(id)) {
      templated(id, [...path, 'connector-id']);
      return;
    }
    const where = [...path, 'connector-id'];
    this.pending.push(this.env.findConnector(id).then(async (connector) => {
      if (!connector) {
        const same = (await this.connectors()).filter((c) => c.type === type.id).map((c) => c.name);
        const hint = didYouMean(id, same) || (same.length ? `; ${type.id} connectors: ${same.join(', ')}` : `; create one with: relayflow connectors create --type ${type.id} --name ${id}`);
        this.sink.add(where, `connector "${id}" not found${hint}`);
      } else if (connector.type !== type.id) {
        this.sink.add(where, `connector "${connector.name}" is a ${connector.type} connector, but this step's type is ${type.id}`);
      }
    }));
  }

  /** The action's `requiredWithoutConnector` params, for a step that names no connector. */
  private checkWithoutConnector(value: unknown, path: FieldPath, stepType: string, action: ActionType): void {
    if (!action.requiredWithoutConnector?.length || (value !== undefined && value !== null && !isPlain(value))) return;
    const given = (value ?? {}) as Plain;
    for (const key of action.requiredWithoutConnector) {
      const v = given[key];
      if (v !== undefined && v !== null && v !== '') continue;
      this.sink.add([...path, key], `missing required key "${key}": ${stepType} steps without a connector-id need with.${key} (or name a connector with connector-id)`, 'parent');
    }
  }

  private connectors(): Promise<Connector[]> {
    this.connectorList ??= this.env.listConnectors();
    return this.connectorList;
  }

  /**
   * Checks `with` against a params class. Fields holding templates are left out (they are
   * checked after rendering, at run time), and so are "missing" problems about them.
   */
  checkParams(cls: new () => object, value: unknown, path: FieldPath): void {
    if (value !== undefined && value !== null && !isPlain(value)) return;
    const plain = (value ?? {}) as Plain;
    const templated = new Set<string>();
    const concrete: Plain = {};
    for (const [k, v] of Object.entries(plain)) {
      if (containsTemplate(v)) templated.add(k);
      else concrete[k] = v;
    }
    const result = validateClass(cls, concrete, path);
    if (result.ok) return;
    const problems = result.problems.filter((p) => !templated.has(String(p.path[path.length])));
    this.sink.addAll(problems);
  }
}
