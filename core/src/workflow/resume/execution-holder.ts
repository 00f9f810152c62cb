import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isMainThread, workerData } from 'node:worker_threads';
import type { ExecutionOwner, RunningExecution } from '../../contracts/store';

/**
 * Where an execution thread finds the owner it holds executions as (its `workerData` key): the
 * process's, so that its threads and its main thread are one holder.
 */
export const PROCESS_OWNER_KEY = 'relayflow.processOwner';

/** This process as the holder of the executions it runs: one id per process run, shared by its execution threads. */
export const THIS_PROCESS: ExecutionOwner = Object.freeze(inheritedOwner() ?? {
  id: `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`,
  host: hostname(),
  pid: process.pid,
});

/**
 * The executions this thread runs (kept by RunningExecutions, over every Relayflow in it) or
 * handed to an execution thread (kept by ExecutionThreads, with what cancels it there: each
 * Relayflow cancels the runs of its own). The lease holder is the process: an execution of
 * {@link THIS_PROCESS} is held while it is here.
 */
export const RUN_HERE = new Map<string, (() => void) | undefined>();

function inheritedOwner(): ExecutionOwner | undefined {
  if (isMainThread) return undefined;
  const owner = (workerData as Record<string, ExecutionOwner> | null | undefined)?.[PROCESS_OWNER_KEY];
  return owner && { id: owner.id, host: owner.host, pid: owner.pid };
}

/**
 * Whether a live process holds a running execution (contract §12): this one while it is here
 * ({@link RUN_HERE}); on this host the holder's pid tells at once (a pid this process has now,
 * under another id, was a previous run of it, as in a restarted container); elsewhere only the
 * lease does, renewed every few seconds. A parked execution has no holder.
 */
export function heldByLiveProcess(execution: RunningExecution, self: ExecutionOwner = THIS_PROCESS, now = Date.now()): boolean {
  const { owner, leaseUntil } = execution;
  if (execution.parkedUntil !== undefined) return false;
  // Here (this process runs it, or handed it to one of its execution threads, which claims it soon).
  if (RUN_HERE.has(execution.id)) return true;
  if (!owner) return false;
  const leaseHolds = leaseUntil !== undefined && Date.parse(leaseUntil) > now;
  if (owner.host !== self.host) return leaseHolds;
  // This pid, yet not here: an earlier run of this process, or a thread of it that died.
  if (owner.pid === self.pid) return false;
  return leaseHolds && processExists(owner.pid);
}

/** Whether a process with this pid exists on this host. */
export function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether an execution can be resumed now: its holder is gone, or it is parked and due. */
export function resumableNow(execution: RunningExecution, self: ExecutionOwner = THIS_PROCESS, now = Date.now()): boolean {
  if (execution.parkedUntil !== undefined) return Date.parse(execution.parkedUntil) <= now;
  return !heldByLiveProcess(execution, self, now);
}
