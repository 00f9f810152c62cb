import { RelayflowError } from '../../errors/relayflow-error';
import { acceptedSchema } from '../schemas/execution-schemas';
import { anyJson, apiKeySecurity, errorResponses, pathParams } from '../schemas/common-schemas';
import type { Routes } from './route-context';

/**
 * The webhook trigger: `POST /api/hooks/{workflowId}` with any JSON body, which becomes the
 * execution's `event`; 202 `{executionId}` once the execution is stored. 404 unless the stored
 * workflow is enabled and has a `webhook` trigger (so a hook cannot run a manual-only workflow).
 */
export const hooksRoutes: Routes = (app, context) => {
  const { rf } = context;
  app.post<{ Params: { workflowId: string }; Body: unknown }>('/api/hooks/:workflowId', {
    config: { scope: 'run' },
    schema: {
      tags: ['hooks'],
      summary: 'Fire a workflow\'s webhook trigger: the JSON body is the event',
      security: apiKeySecurity,
      params: pathParams('workflowId', "the workflow's id (its name)"),
      body: { ...anyJson, description: 'the event' },
      response: { 202: acceptedSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const id = request.params.workflowId;
    context.assertAccepting();
    // One read of the stored workflow: its flag, its latest version's triggers, and the compiled
    // version (cached by version: no YAML is read or parsed).
    const started = await rf.workflows.start(id, {
      event: request.body ?? {}, trigger: { type: 'webhook', at: new Date().toISOString() }, parkLongWaits: true, requireTrigger: 'webhook', queue: context.queue,
    }).catch((err: unknown) => {
      if (RelayflowError.is(err) && (err.code === 'WORKFLOW_NOT_FOUND' || err.code === 'WORKFLOW_DISABLED')) {
        throw new RelayflowError('WORKFLOW_NOT_FOUND', `no enabled workflow "${id}" with a webhook trigger (add triggers: [{ type: webhook }] and enable it)`);
      }
      throw err;
    });
    context.track(started);
    reply.code(202);
    return { executionId: started.id };
  });
};
