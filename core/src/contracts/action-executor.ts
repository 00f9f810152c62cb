import type { ActionResult } from './action-result';

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

/** Runs connector actions: resolves the connector, validates params, redacts secrets from the result. */
export const ActionExecutor = Symbol.for('relayflow.ActionExecutor');
export interface ActionExecutor {
  /**
   * @returns the action's result (remote failures are `status: 'error'`, never thrown)
   * @throws RelayflowError for bad input: unknown type/action/connector, invalid params
   */
  execute(invocation: ActionInvocation): Promise<ActionResult>;
  /** Runs the connector type's `test`, or throws `ACTION_NOT_FOUND` when it has none. */
  test(connector: string, signal?: AbortSignal): Promise<ActionResult>;
}
