import { RelayflowError } from '../../core/src/errors/relayflow-error';

/** The RelayflowError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<RelayflowError> {
  try {
    await promise;
  } catch (err) {
    if (RelayflowError.is(err)) return err;
    throw err;
  }
  throw new Error('expected a RelayflowError, but it succeeded');
}

/** The RelayflowError a function throws; fails the test when it returns or throws otherwise. */
export function thrownBy(fn: () => unknown): RelayflowError {
  try {
    fn();
  } catch (err) {
    if (RelayflowError.is(err)) return err;
    throw err;
  }
  throw new Error('expected a RelayflowError, but it succeeded');
}
