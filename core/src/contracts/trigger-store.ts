/**
 * What the scheduler remembers, so a schedule never fires twice for one slot, also across a
 * restart or with several servers: a fire is claimed in the store before it runs. Slots are
 * compared as instants (`...T10:00:00Z` and `...T10:00:00.000Z` are one slot). Claims more than a
 * day older than a trigger's latest one are forgotten; deleting a workflow forgets its claims.
 */
export interface TriggerStore {
  /**
   * Claims the fire of a workflow's trigger for one slot (an ISO-8601 instant).
   * @param key - the trigger within the workflow, e.g. `scheduled:0` (its index among the triggers)
   * @returns true when this caller claimed it; false when it was claimed before (do not run it)
   * @throws RelayflowError `BAD_ARGUMENT` when `slot` is not an ISO-8601 instant
   */
  claim(workflowId: string, key: string, slot: string): Promise<boolean>;
  /** The latest slot claimed for a workflow's trigger (as `Date.toISOString()`), or undefined when it never fired. */
  lastClaimed(workflowId: string, key: string): Promise<string | undefined>;
}
