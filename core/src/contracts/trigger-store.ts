/**
 * What the scheduler remembers, so a schedule never fires twice for one slot, also across a
 * restart or with several servers: a fire is claimed in the store before it runs.
 */
export interface TriggerStore {
  /**
   * Claims the fire of a workflow's trigger for one slot (an ISO-8601 instant).
   * @param key - the trigger within the workflow, e.g. `scheduled:0` (its index among the triggers)
   * @returns true when this caller claimed it; false when it was claimed before (do not run it)
   */
  claim(workflowId: string, key: string, slot: string): Promise<boolean>;
  /** The latest slot claimed for a workflow's trigger, or undefined when it never fired. */
  lastClaimed(workflowId: string, key: string): Promise<string | undefined>;
}
