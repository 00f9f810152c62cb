/**
 * The two entry points Relayflow uses from DBOS Transact beyond its documented API, in one place
 * (the package exports them under `@dbos-inc/dbos-sdk/internal/*`; the version is pinned, and
 * test/scale-out.spec.ts fails if either changes):
 *
 * - a process-local queue: its worker concurrency is this process's own (`relayflow worker
 *   --concurrency N`), where a queue registered with `DBOS.registerQueue` has one setting stored
 *   for every process;
 * - recovering a dead executor's workflows from a peer: open-source DBOS recovers only its own
 *   executor's at launch, so a worker that never comes back needs a peer to hand its work back
 *   to the queue.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

interface LocalQueueParameters {
  workerConcurrency?: number;
  minPollingIntervalMs?: number;
}

/** Registers (once per process) a queue whose concurrency is this process's own. */
export function registerLocalQueue(name: string, params: LocalQueueParameters): void {
  const { registerInternalQueue } = require('@dbos-inc/dbos-sdk/internal/wfqueue') as {
    registerInternalQueue(name: string, params: LocalQueueParameters): unknown;
  };
  registerInternalQueue(name, params);
}

/** Hands every workflow a dead executor left pending back to its queue, for live workers to run. */
export async function recoverExecutor(executorId: string): Promise<number> {
  const { DBOSExecutor } = require('@dbos-inc/dbos-sdk/internal/dbos-executor') as {
    DBOSExecutor: { globalInstance?: { recoverPendingWorkflows(ids: string[]): Promise<unknown[]> } };
  };
  const executor = DBOSExecutor.globalInstance;
  if (!executor) throw new Error('DBOS is not launched in this process');
  return (await executor.recoverPendingWorkflows([executorId])).length;
}
