import type { Container } from 'inversify';
import type { ActionResult } from '../contracts/action-result';
import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import type { ConnectorRequirement } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { ActionExecutor, type ActionInvocation } from '../contracts/action-executor';
import { ConnectorService } from '../contracts/connector-service';
import { ConnectorTypeRegistry } from '../contracts/connector-type-registry';
import { Lifecycle } from '../contracts/lifecycle';
import { PluginHost, type LoadedPlugin } from '../contracts/plugin-host';
import { Store } from '../contracts/store';
import { WorkflowService, type RunOptions } from '../contracts/workflow-service';
import type { Connector, ConnectorInput, ConnectorUpdate } from '../contracts/connector';
import type { ExecutionRecord, ExecutionStatus, ExecutionSummary } from '../contracts/execution-record';

/** A connector type as listed by `connectors types`. */
export interface ConnectorTypeInfo {
  id: string;
  /** Other ids the type answers to (Kibana's `.slack`); absent when it has none. */
  aliases?: string[];
  name: string;
  description?: string;
  plugin: string;
  defaultAction: string;
  actions: Array<{ id: string; connector: ConnectorRequirement; description?: string }>;
  hasTest: boolean;
}

/** The connector operations a host may use: never any secret comes back. */
export interface Connectors {
  create(input: ConnectorInput): Promise<Connector>;
  update(idOrName: string, patch: ConnectorUpdate): Promise<Connector>;
  delete(idOrName: string): Promise<void>;
  get(idOrName: string): Promise<Connector>;
  list(): Promise<Connector[]>;
}

/** Past executions, from the store. */
export interface Executions {
  /**
   * Newest first (default 20).
   * @throws RelayflowError `BAD_ARGUMENT` for a `limit` that is not a whole number from 1 to 2^53-1
   */
  list(options?: { limit?: number; workflow?: string; status?: ExecutionStatus }): Promise<ExecutionSummary[]>;
  /** @throws RelayflowError `EXECUTION_NOT_FOUND` */
  get(id: string): Promise<ExecutionRecord>;
}

/**
 * A started Relayflow (contract §10): connectors, connector types, plugins and actions.
 * Get it from `createRelayflow`; call `stop()` when done.
 */
export class Relayflow {
  /** Connector CRUD (secrets go in, never come out). */
  readonly connectors: Connectors;
  /** Past executions. */
  readonly executions: Executions;

  constructor(
    /** The Inversify container: resolve core services with the tokens exported by @relayflow/core. */
    readonly container: Container,
  ) {
    const service = container.get<ConnectorService>(ConnectorService);
    this.connectors = {
      create: (input) => service.create(input),
      update: (idOrName, patch) => service.update(idOrName, patch),
      delete: (idOrName) => service.delete(idOrName),
      get: (idOrName) => service.get(idOrName),
      list: () => service.list(),
    };
    const store = container.get<Store>(Store);
    this.executions = {
      list: async (options) => {
        const limit = options?.limit;
        if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
          throw new RelayflowError('BAD_ARGUMENT', `limit must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} (got ${limit})`);
        }
        return store.executions.list(options);
      },
      get: async (id) => {
        const record = await store.executions.get(id);
        if (!record) throw new RelayflowError('EXECUTION_NOT_FOUND', `no execution with id "${id}"; list them with: relayflow executions list`);
        return record;
      },
    };
  }

  /**
   * Validates and runs a workflow once (contract §10): `rf.run(yaml, { event, inputs })`.
   * A host running the same workflow for many events passes the result of {@link compile}
   * instead of the text, so it is parsed and validated once.
   * @returns the execution record (a failed execution is a record with status `failed`)
   * @throws RelayflowError `WORKFLOW_INVALID` (every problem, located) or `BAD_ARGUMENT` (inputs)
   */
  run(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<ExecutionRecord> {
    return this.container.get<WorkflowService>(WorkflowService).run(workflow, options);
  }

  /**
   * Parses and validates a workflow once, for running it many times with {@link run}.
   * @param file - the name used in problem locations (default `workflow.yaml`)
   * @throws RelayflowError `WORKFLOW_INVALID` with every problem, located
   */
  compile(yaml: string, file?: string): Promise<CompiledWorkflow> {
    return this.container.get<WorkflowService>(WorkflowService).compile(yaml, file);
  }

  /**
   * Checks a workflow without running it.
   * @param file - the name used in problem locations (default `workflow.yaml`)
   * @returns every problem (empty when valid)
   */
  validate(yaml: string, file?: string): Promise<Problem[]> {
    return this.container.get<WorkflowService>(WorkflowService).validate(yaml, file);
  }

  /** The registered connector types with their actions. */
  connectorTypes(): ConnectorTypeInfo[] {
    return this.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry).list().map(({ type, pluginId }) => ({
      id: type.id,
      ...(type.aliases?.length ? { aliases: [...type.aliases] } : {}),
      name: type.name,
      description: type.description,
      plugin: pluginId,
      defaultAction: type.defaultAction,
      actions: Object.values(type.actions).map((a) => ({ id: a.id, connector: a.connector, description: a.description })),
      hasTest: typeof type.test === 'function',
    }));
  }

  /** The plugins loaded, with where they came from and what they registered. */
  plugins(): LoadedPlugin[] {
    return this.container.get<PluginHost>(PluginHost).loaded();
  }

  /**
   * Runs one action of a connector type (what `relayflow connectors test` does).
   * @returns the action's result; remote failures are `status: 'error'`
   */
  executeAction(invocation: ActionInvocation): Promise<ActionResult> {
    return this.container.get<ActionExecutor>(ActionExecutor).execute(invocation);
  }

  /** Runs a connector type's own health check. */
  testConnector(idOrName: string, signal?: AbortSignal): Promise<ActionResult> {
    return this.container.get<ActionExecutor>(ActionExecutor).test(idOrName, signal);
  }

  /**
   * Stops every part through the lifecycle, in reverse registration order: parts a host added,
   * then plugins (in reverse dependency order), pooled connections, the store (buffered writes
   * committed). Each has a deadline; a failure is logged, never thrown. Calling it again
   * returns the same promise.
   */
  stop(): Promise<void> {
    return this.container.get<Lifecycle>(Lifecycle).stop();
  }
}
