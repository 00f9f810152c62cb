import type { ActionResult } from '../contracts/action-result';
import { RelayflowError } from '../errors/relayflow-error';

/**
 * Reads Kibana's `{ subAction, subActionParams }` form of an action's params (as Kibana's
 * `_execute` does): `subAction` selects the action, `subActionParams` are its params. Anything
 * else is returned as it came.
 * @param action - the action named beside the params, if any
 * @param params - the params as given
 * @param names - what the caller calls the two (`--action`/`--params` on the CLI, `action`/`params` in the API)
 * @throws RelayflowError `BAD_ARGUMENT` when `subAction` is not a string or disagrees with `action`
 */
export function kibanaStyleAction(
  action: string | undefined,
  params: unknown,
  names: { action: string; params: string } = { action: 'action', params: 'params' },
): { action?: string; params: unknown } {
  if (params && typeof params === 'object' && !Array.isArray(params) && 'subAction' in params) {
    const p = params as { subAction: unknown; subActionParams?: unknown };
    if (typeof p.subAction !== 'string') throw new RelayflowError('BAD_ARGUMENT', `${names.params}: subAction must be a string`);
    if (action !== undefined && action !== p.subAction) {
      throw new RelayflowError('BAD_ARGUMENT', `${names.action} ${action} and subAction "${p.subAction}" disagree; give one of them`);
    }
    return { action: p.subAction, params: p.subActionParams ?? {} };
  }
  return { action, params };
}

/**
 * An action's result as contract §7 shows it: `{ status: "ok", data }` or `{ status: "error",
 * message, serviceMessage?, retry }` (a retry-at date as ISO text). The CLI's `connectors test`
 * and the API's `_execute` both print it.
 */
export function actionResultShape(result: ActionResult): Record<string, unknown> {
  if (result.status === 'ok') return { status: 'ok', data: result.data ?? null };
  return {
    status: 'error',
    message: result.message,
    ...(result.serviceMessage === undefined ? {} : { serviceMessage: result.serviceMessage }),
    retry: result.retry instanceof Date ? result.retry.toISOString() : result.retry,
  };
}
