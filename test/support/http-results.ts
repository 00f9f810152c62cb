import { expect } from 'chai';
import type { ActionError, ActionOk, ActionResult } from '@relayflow/sdk';
import type { HttpOutput } from '@relayflow/plugin-http';

/** The output of an ok `http` result (the assertion shows the whole result otherwise). */
export function okOutput(result: ActionResult): HttpOutput {
  expect(result.status, JSON.stringify(result)).to.equal('ok');
  return (result as ActionOk<HttpOutput>).data;
}

/** An error result (the assertion shows the whole result otherwise). */
export function failed(result: ActionResult): ActionError {
  expect(result.status, JSON.stringify(result)).to.equal('error');
  return result as ActionError;
}
