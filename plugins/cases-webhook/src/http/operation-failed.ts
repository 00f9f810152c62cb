import type { ActionError } from '@relayflow/sdk';

/** Carries a failed operation's error result up to the action, which returns it. */
export class OperationFailed extends Error {
  constructor(readonly result: ActionError) {
    super(result.message);
  }
}
