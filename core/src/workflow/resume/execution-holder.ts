import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ExecutionOwner, RunningExecution } from '../../contracts/store';

/** This process as the holder of the executions it runs: one id per process run. */
export const THIS_PROCESS: ExecutionOwner = Object.freeze({
  id: `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`,
  host: hostname(),
  pid: process.pid,
});

/**
 * The executions this process runs now, over every Relayflow in it (the lease holder is the
 * process): kept by RunningExecutions.
 */
export const RUN_HERE = new Set<string>();

/**
 * Whether a live process holds a running execution (contract §12): on this host the holder's pid
 * tells at once (a pid this process has now, under another id, was a previous run of it, as in a
 * restarted container); elsewhere only the lease does, renewed every few seconds. A parked
 * execution has no holder.
 */
export function heldByLiveProcess(execution: RunningExecution, self: ExecutionOwner = THIS_PROCESS, now = Date.now()): boolean {
  const { owner, leaseUntil } = execution;
  if (!owner || execution.parkedUntil !== undefined) return false;
  if (owner.id === self.id) return RUN_HERE.has(execution.id);
  const leaseHolds = leaseUntil !== undefined && Date.parse(leaseUntil) > now;
  if (owner.host !== self.host) return leaseHolds;
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
