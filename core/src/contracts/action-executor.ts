import type { ActionResult } from './action-result';
import type { ActionType, ConnectorType } from './connector-type';

/** One action invocation. */
export interface ActionInvocation {
  /** Connector type id (`jira`). */
  type: string;
  /** Action name; the type's default when absent. */
  action?: string;
  /** Connector name or id, when the action uses one. */
  connector?: string;
  /** Unvalidated params (the rendered `with`). */
  params: unknown;
  /** What params are called in problem paths: `with` in a workflow step, `params` (default) elsewhere. */
  paramsLabel?: string;
  signal?: AbortSignal;
}

/** Which execution and step an action runs for (see `ActionContext`). */
export interface ActionIdentity {
  executionId: string;
  /** The step's address plus its foreach indices, stable across restarts. */
  stepId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The same on every attempt of the step and after a resume. */
  idempotencyKey: string;
}

/** One action call whose connector type and action are already resolved (a compiled step's). */
export interface ActionCall {
  type: ConnectorType;
  action: ActionType;
  /** Connector name or id, when the action uses one. */
  connector?: string;
  /** Unvalidated params (the rendered `with`). */
  params: unknown;
  /** What params are called in problem paths (default `params`). */
  paramsLabel?: string;
  /** The params were validated against the action's class already (a compiled step's constant `with`). */
  paramsChecked?: boolean;
  /** The execution and step it runs for; a one-off identity when absent. */
  identity?: ActionIdentity;
  signal?: AbortSignal;
}

/** Runs connector actions: resolves the connector, validates params, redacts secrets from the result. */
export const ActionExecutor = Symbol.for('relayflow.ActionExecutor');
export interface ActionExecutor {
  /**
   * @returns the action's result (remote failures are `status: 'error'`, never thrown)
   * @throws RelayflowError for bad input: unknown type/action/connector, invalid params
   */
  execute(invocation: ActionInvocation): Promise<ActionResult>;
  /**
   * Runs a resolved action: resolves the connector, validates params once, runs it.
   * @returns the action's result (remote failures are `status: 'error'`, never thrown)
   * @throws RelayflowError for bad input: unknown connector, invalid params
   */
  invoke(call: ActionCall): Promise<ActionResult>;
  /**
   * Validates a call's params the way {@link invoke} does, without running it (a dry run).
   * @returns the validated params
   * @throws RelayflowError `VALIDATION_FAILED` naming every problem
   */
  check(call: ActionCall): object;
  /** Runs the connector type's `test`, or throws `ACTION_NOT_FOUND` when it has none. */
  test(connector: string, signal?: AbortSignal): Promise<ActionResult>;
}
