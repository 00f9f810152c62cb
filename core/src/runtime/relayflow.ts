import type { Container } from 'inversify';
import type { ActionResult } from '../contracts/action-result';
import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import type { ConnectorRequirement } from '../contracts/connector-type';
import { RelayflowError } from '../errors/relayflow-error';
import type { Problem } from '../contracts/problem';
import { ActionExecutor, type ActionInvocation } from '../contracts/action-executor';
import { ApiKeys } from '../contracts/api-keys';
import { ConnectorService } from '../contracts/connector-service';
import { ConnectorTypeRegistry, type RegisteredConnectorType } from '../contracts/connector-type-registry';
import type { ClassType } from '../contracts/class-type';
import { didYouMean } from '../validation/close-matches';
import { fieldsOf, type FieldInfo } from '../workflow/schema/field-info';
import { Lifecycle } from '../contracts/lifecycle';
import { PluginHost, type LoadedPlugin } from '../contracts/plugin-host';
import { Store, type ExecutionPage } from '../contracts/store';
import { WorkflowLibrary } from '../contracts/workflow-library';
import { WorkflowService, type ResumeOptions, type RunOptions } from '../contracts/workflow-service';
import type { Connector, ConnectorInput, ConnectorUpdate } from '../contracts/connector';
import type { ExecutionInput, ExecutionRecord, ExecutionStatus, ExecutionSummary } from '../contracts/execution-record';
import type { StartedExecution } from '../contracts/workflow-library';
import { StepKindRegistry } from '../contracts/step-kind';
import { ClassSchemas, type JsonSchema } from '../workflow/schema/class-schema';
import { workflowJsonSchema } from '../workflow/schema/workflow-schema';

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

/**
 * A connector type with the JSON Schemas (draft-07) of its config, its secrets and each action's
 * params, for forms and editors. `$ref`s point into `definitions`.
 */
export interface ConnectorTypeSchemas extends Omit<ConnectorTypeInfo, 'actions'> {
  config: JsonSchema;
  secrets: JsonSchema;
  actions: Array<ConnectorTypeInfo['actions'][number] & { params: JsonSchema }>;
  definitions: Record<string, JsonSchema>;
}

/** A connector type with the fields of its config, secrets and each action's params. */
export interface ConnectorTypeDetail extends ConnectorTypeInfo {
  config: FieldInfo[];
  secrets: FieldInfo[];
  actions: Array<ConnectorTypeInfo['actions'][number] & { params: FieldInfo[] }>;
}

/** The connector operations a host may use: never any secret comes back. */
export interface Connectors {
  create(input: ConnectorInput): Promise<Connector>;
  update(idOrName: string, patch: ConnectorUpdate): Promise<Connector>;
  delete(idOrName: string): Promise<void>;
  get(idOrName: string): Promise<Connector>;
  list(): Promise<Connector[]>;
}

/** Which executions {@link Executions.page} returns. */
export interface ExecutionPageOptions {
  /** Only this stored workflow's executions (its id: the workflow's name). */
  workflowId?: string;
  status?: ExecutionStatus;
  /** Page size, 1 to {@link MAX_PAGE_SIZE} (default 20). */
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

/** The largest page {@link Executions.page} returns. */
export const MAX_PAGE_SIZE = 1000;
const STATUSES: readonly ExecutionStatus[] = ['running', 'completed', 'failed', 'cancelled', 'timed_out'];

/** Past executions, from the store. */
export interface Executions {
  /**
   * Newest first (default 20).
   * @throws RelayflowError `BAD_ARGUMENT` for a `limit` that is not a whole number from 1 to 2^53-1
   */
  list(options?: { limit?: number; workflow?: string; status?: ExecutionStatus }): Promise<ExecutionSummary[]>;
  /**
   * Executions newest first, a page at a time (`GET /api/executions`): pass each page's
   * `nextCursor` to get the next; the last page has none. Items carry `trigger` and, for stored
   * workflows, `workflowVersion`.
   * @throws RelayflowError `BAD_ARGUMENT` for a limit out of range, an unknown status or an empty cursor
   */
  page(options?: ExecutionPageOptions): Promise<ExecutionPage>;
  /** @throws RelayflowError `EXECUTION_NOT_FOUND` */
  get(id: string): Promise<ExecutionRecord>;
  /**
   * What an execution started from: its YAML, event and inputs (to run it again).
   * @throws RelayflowError `EXECUTION_NOT_FOUND`
   */
  input(id: string): Promise<ExecutionInput>;
  /**
   * Cancels a running execution: the running step's signal fires and the record ends `cancelled`.
   * One running in this process is cancelled at once; one another process runs (a server, while
   * this is the CLI) is asked through the store, and that process cancels it within about a
   * second. One that no process runs (its process died, or it is parked on a durable timer) is
   * taken over and ended here, `cancelled` (unless its workflow no longer compiles here).
   * @returns true when it ended here (cancelled now); false when it runs elsewhere (asked to cancel)
   * @throws RelayflowError `EXECUTION_NOT_FOUND`; `BAD_ARGUMENT` when it already ended
   */
  cancel(id: string): Promise<boolean>;
  /**
   * Resumes an execution interrupted by a crash, or parked on a durable timer (contract §12):
   * completed steps are restored, the step in flight runs again with the same idempotency key.
   * @returns the final record (`running` only when it parked again)
   * @throws RelayflowError `EXECUTION_NOT_FOUND`; `EXECUTION_NOT_RESUMABLE` when it ended or a
   *   live process still runs it
   */
  resume(id: string, options?: ResumeOptions): Promise<ExecutionRecord>;
  /** The executions that can be resumed now (their process is gone, or they are parked and due), oldest first. */
  resumable(): Promise<string[]>;
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
  /** Stored workflows (`relayflow workflows`, the REST API's `/api/workflows`): versions, enabled flag, start. */
  readonly workflows: WorkflowLibrary;
  /** API keys for the REST API (config keys and stored, hashed ones). */
  readonly apiKeys: ApiKeys;
  /** Resolved once: a run does not go through the container (a singleton either way). */
  private readonly service: WorkflowService;

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
    const workflowService = container.get<WorkflowService>(WorkflowService);
    this.service = workflowService;
    this.executions = {
      list: async (options) => {
        const limit = options?.limit;
        if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
          throw new RelayflowError('BAD_ARGUMENT', `limit must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} (got ${limit})`);
        }
        return store.executions.list(options);
      },
      page: async (options = {}) => store.executions.page(pageQuery(options)),
      get: async (id) => {
        const record = await store.executions.get(id);
        if (!record) throw executionNotFound(id);
        return record;
      },
      input: async (id) => {
        const input = await store.executions.getInput(id);
        if (!input) throw executionNotFound(id);
        return input;
      },
      resume: (id, options) => workflowService.resume(id, options),
      resumable: () => workflowService.resumable(),
      cancel: async (id) => {
        if (workflowService.cancel(id)) return true;
        const answer = await store.executions.requestCancel(id, new Date().toISOString());
        if (answer === 'requested') return cancelUnheld(workflowService, id);
        if (answer === 'not_found') throw executionNotFound(id);
        const record = await store.executions.get(id);
        throw new RelayflowError('BAD_ARGUMENT', `execution ${id} is not running: it ended ${record?.status ?? 'already'}${record?.finishedAt ? ` at ${record.finishedAt}` : ''}; only a running execution can be cancelled`);
      },
    };
    this.workflows = container.get<WorkflowLibrary>(WorkflowLibrary);
    this.apiKeys = container.get<ApiKeys>(ApiKeys);
  }

  /**
   * Validates and runs a workflow once (contract §10): `rf.run(yaml, { event, inputs })`.
   * A host running the same workflow for many events passes the result of {@link compile}
   * instead of the text, so it is parsed and validated once.
   * @returns the execution record (a failed execution is a record with status `failed`)
   * @throws RelayflowError `WORKFLOW_INVALID` (every problem, located) or `BAD_ARGUMENT` (inputs)
   */
  run(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<ExecutionRecord> {
    return this.service.run(workflow, options);
  }

  /**
   * As {@link run}, but resolves as soon as the execution is stored, with its id and a promise
   * of its final record (which never rejects): what a server answering "202 + execution id"
   * for an unsaved workflow uses. Stored workflows start with `workflows.start`.
   * @throws RelayflowError `WORKFLOW_INVALID`, `WORKFLOW_DISABLED` or `BAD_ARGUMENT` before anything runs
   */
  start(workflow: string | CompiledWorkflow, options: RunOptions = {}): Promise<StartedExecution> {
    return this.service.start(workflow, options);
  }

  /**
   * Parses and validates a workflow once, for running it many times with {@link run}.
   * @param file - the name used in problem locations (default `workflow.yaml`)
   * @throws RelayflowError `WORKFLOW_INVALID` with every problem, located
   */
  compile(yaml: string, file?: string): Promise<CompiledWorkflow> {
    return this.service.compile(yaml, file);
  }

  /**
   * Checks a workflow without running it.
   * @param file - the name used in problem locations (default `workflow.yaml`)
   * @returns every problem (empty when valid)
   */
  validate(yaml: string, file?: string): Promise<Problem[]> {
    return this.service.validate(yaml, file);
  }

  /** The registered connector types with their actions. */
  connectorTypes(): ConnectorTypeInfo[] {
    return this.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry).list().map(typeInfo);
  }

  /**
   * One connector type (by id or alias) with the fields of its config, secrets and each action's
   * params: name, type, required, description (`relayflow connectors types TYPE`).
   * @throws RelayflowError `CONNECTOR_TYPE_NOT_FOUND`, with "did you mean"
   */
  connectorType(idOrAlias: string): ConnectorTypeDetail {
    const registered = this.registeredType(idOrAlias);
    const { type } = registered;
    const info = typeInfo(registered);
    return {
      ...info,
      config: fieldsOf(type.config as ClassType<object>),
      secrets: fieldsOf(type.secrets as ClassType<object>),
      actions: info.actions.map((a) => ({ ...a, params: fieldsOf(type.actions[a.id].params as ClassType<object>) })),
    };
  }

  /**
   * One connector type (by id or alias) with the JSON Schemas of its config, secrets and
   * action params (the console's forms).
   * @throws RelayflowError `CONNECTOR_TYPE_NOT_FOUND`, with "did you mean"
   */
  connectorTypeSchemas(idOrAlias: string): ConnectorTypeSchemas {
    const registered = this.registeredType(idOrAlias);
    const info = typeInfo(registered);
    const schemas = new ClassSchemas();
    const { type } = registered;
    return {
      ...info,
      config: schemas.schema(type.config as never),
      secrets: schemas.schema(type.secrets as never),
      actions: info.actions.map((a) => ({ ...a, params: schemas.schema(type.actions[a.id].params as never) })),
      definitions: schemas.definitions,
    };
  }

  /** @throws RelayflowError `CONNECTOR_TYPE_NOT_FOUND`, with "did you mean" */
  private registeredType(idOrAlias: string): RegisteredConnectorType {
    const registry = this.container.get<ConnectorTypeRegistry>(ConnectorTypeRegistry);
    const registered = registry.get(idOrAlias);
    if (registered) return registered;
    const known = registry.list().flatMap(({ type }) => [type.id, ...(type.aliases ?? [])]);
    const ids = registry.list().map(({ type }) => type.id).join(', ') || '(none: no plugins are loaded)';
    throw new RelayflowError('CONNECTOR_TYPE_NOT_FOUND', `unknown connector type "${idOrAlias}"${didYouMean(idOrAlias, known)} (registered types: ${ids})`);
  }

  /** The JSON Schema of workflow YAML, with every registered step type's `with` (`relayflow schema`). */
  workflowSchema(): JsonSchema {
    return workflowJsonSchema(this.container.get<StepKindRegistry>(StepKindRegistry));
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

function executionNotFound(id: string): RelayflowError {
  return new RelayflowError('EXECUTION_NOT_FOUND', `no execution with id "${id}"; list them with: relayflow executions list`);
}

/** The page query, checked: limit 1 to MAX_PAGE_SIZE (default 20), a known status, a non-empty cursor. */
function pageQuery(options: ExecutionPageOptions): { workflowId?: string; status?: ExecutionStatus; limit: number; cursor?: string } {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RelayflowError('BAD_ARGUMENT', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(options.limit)})`);
  }
  if (options.status !== undefined && !STATUSES.includes(options.status)) {
    throw new RelayflowError('BAD_ARGUMENT', `status must be one of ${STATUSES.join(', ')} (got ${String(options.status)})`);
  }
  if (options.cursor !== undefined && (typeof options.cursor !== 'string' || options.cursor.length === 0 || options.cursor.length > 200)) {
    throw new RelayflowError('BAD_ARGUMENT', 'cursor must be the nextCursor of a previous page');
  }
  return {
    ...(options.workflowId === undefined ? {} : { workflowId: options.workflowId }),
    ...(options.status === undefined ? {} : { status: options.status }),
    limit,
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  };
}

/**
 * An execution no process runs (its process died, or it is parked) has nobody to see a cancel
 * request: it is taken over and ends `cancelled` here, its records kept.
 * @returns true when it ended here
 */
async function cancelUnheld(workflows: WorkflowService, id: string): Promise<boolean> {
  if (!(await workflows.resumable()).includes(id)) return false;
  try {
    await workflows.resume(id, { signal: AbortSignal.abort() });
    return true;
  } catch {
    // Another process took it over meanwhile (it sees the request), or its workflow no longer
    // compiles here: the request stays, for whichever process resumes it.
    return false;
  }
}

function typeInfo({ type, pluginId }: RegisteredConnectorType): ConnectorTypeInfo {
  return {
    id: type.id,
    ...(type.aliases?.length ? { aliases: [...type.aliases] } : {}),
    name: type.name,
    description: type.description,
    plugin: pluginId,
    defaultAction: type.defaultAction,
    actions: Object.values(type.actions).map((a) => ({ id: a.id, connector: a.connector, description: a.description })),
    hasTest: typeof type.test === 'function',
  };
}
