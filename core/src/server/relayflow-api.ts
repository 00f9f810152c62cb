import type { Relayflow } from '../runtime/relayflow';

/**
 * What the REST server uses of the Relayflow facade, and nothing more: every route is a client
 * of these members (no route reaches past them into core's services). A started `Relayflow`
 * is one.
 */
export type RelayflowApi = Pick<
  Relayflow,
  'connectors' | 'connectorTypes' | 'connectorTypeSchemas' | 'workflowSchema' | 'validate' | 'executeAction' | 'testConnector' | 'start' | 'executions' | 'workflows' | 'apiKeys' | 'container'
>;
