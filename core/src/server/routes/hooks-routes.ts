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
    // The compiled latest version (cached by version: no YAML is read or parsed) carries the
    // stored enabled flag and the triggers.
    const workflow = await rf.workflows.compiled(id).catch((err: unknown) => {
      if (RelayflowError.is(err) && err.code === 'WORKFLOW_NOT_FOUND') return undefined;
      throw err;
    });
    if (!workflow || !workflow.enabled || !workflow.triggers.some((t) => t.type === 'webhook')) {
      throw new RelayflowError('WORKFLOW_NOT_FOUND', `no enabled workflow "${id}" with a webhook trigger (add triggers: [{ type: webhook }] and enable it)`);
    }
    context.assertAccepting();
    const started = context.track(await rf.workflows.start(id, {
      event: request.body ?? {}, trigger: { type: 'webhook', at: new Date().toISOString() }, parkLongWaits: true, queue: context.queue,
    }));
    reply.code(202);
    return { executionId: started.id };
  });
};
