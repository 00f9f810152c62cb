import type { ActionType } from '../contracts/connector-type';
import type { FieldPath, Problem } from '../contracts/problem';
import { RelayflowError } from '../errors/relayflow-error';
import { formatPath } from '../validation/class-validation';

/**
 * The param path (inside the step's `with`) with which a step weakens the TLS of a connector
 * that holds secrets, when `networking.allowStepTlsOverride` does not allow it; undefined when
 * the step may go on. See `ActionType.weakensTls`.
 *
 * @param params - the step's literal `with` (validation) or its validated params (a call)
 * @param connector - the connector's config, and whether it holds any secret value
 */
export function refusedTlsOverride(
  action: ActionType, params: unknown, connector: { config: unknown; holdsSecrets: boolean }, allowStepTlsOverride: boolean,
): FieldPath | undefined {
  if (allowStepTlsOverride || !connector.holdsSecrets || !action.weakensTls || params === null || typeof params !== 'object') return undefined;
  try {
    return action.weakensTls(params, connector.config) ?? undefined;
  } catch {
    return undefined; // a plugin's check that cannot read odd input leaves it to the params' validation
  }
}

/** What is wrong with such a step, and the two ways out. */
export function tlsOverrideMessage(label: string, path: FieldPath, connectorName: string): string {
  return `${label}.${formatPath(path)}: a step may not turn TLS verification down for connector "${connectorName}", which holds secrets`
    + ' (its credentials would be sent to a server that is not verified); remove it, trust the server\'s CA on the connector'
    + ' (ca) or in networking.customHostSettings, or allow it with networking.allowStepTlsOverride: true in relayflow.yaml';
}

/** The error a call gets for such a step: `VALIDATION_FAILED`, with the param's path. */
export function tlsOverrideError(label: string, path: FieldPath, connectorName: string): RelayflowError {
  const fieldPath = [label, ...path];
  const problem: Problem = { path: formatPath(fieldPath), fieldPath, code: 'INVALID_VALUE', message: tlsOverrideMessage(label, path, connectorName) };
  return new RelayflowError('VALIDATION_FAILED', problem.message, { problems: [problem] });
}
