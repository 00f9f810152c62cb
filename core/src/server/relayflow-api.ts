import type { ApiKeys } from '../contracts/api-keys';
import type { ExecutionStatus, ExecutionSummary } from '../contracts/execution-record';
import type { WorkflowLibrary } from '../contracts/workflow-library';
import type { Executions, Relayflow } from '../runtime/relayflow';

/** One page of `GET /api/executions`: newest first; `nextCursor` is absent on the last page. */
export interface ExecutionPage {
  items: ExecutionSummary[];
  nextCursor?: string;
}

/**
 * What the REST server uses of the Relayflow facade, and nothing more: every route is a client
 * of these members (no route reaches past them into core's services). A started `Relayflow`
 * is one.
 */
export type RelayflowApi = Pick<Relayflow, 'connectors' | 'connectorTypes' | 'executeAction' | 'testConnector' | 'start' | 'container'> & {
  readonly executions: Executions & {
    /** Newest first, filtered, one page at a time. */
    page(options: { workflowId?: string; status?: ExecutionStatus; limit?: number; cursor?: string }): Promise<ExecutionPage>;
    /** Cancels a running execution: its running step's signal fires. */
    cancel(id: string): Promise<unknown>;
  };
  readonly workflows: WorkflowLibrary;
  readonly apiKeys: ApiKeys;
};
