import { expect } from 'chai';
import type { ActionError, ActionOk } from '@relayflow/sdk';

/** The data of an ok result (the assertion shows the whole result otherwise). */
export function okData<T = any>(result: unknown): T {
  expect(result, JSON.stringify(result)).to.include({ status: 'ok' });
  return (result as ActionOk<T>).data;
}

/** An error result (the assertion shows the whole result otherwise). */
export function failure(result: unknown): ActionError {
  expect(result, JSON.stringify(result)).to.include({ status: 'error' });
  return result as ActionError;
}

/** What `promise` rejected with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  return expect.fail('expected a rejection');
}
