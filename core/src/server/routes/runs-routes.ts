import type { FastifyReply } from 'fastify';
import type { StartedExecution } from '../../contracts/workflow-library';
import { acceptedSchema, executionRecordSchema } from '../schemas/execution-schemas';
import { apiKeySecurity, emptyBodyAsObject, errorResponses, pathParams } from '../schemas/common-schemas';
import { runStoredBody, runUnsavedBody, type RunBody } from '../schemas/workflow-schemas';
import type { RouteContext, Routes } from './route-context';

/**
 * Answers a started execution: 202 `{executionId}`, or with `wait` the final record (200, a
 * failed execution too) as `GET /api/executions/{id}` shows it.
 */
export async function answerStarted(context: RouteContext, started: StartedExecution, wait: boolean | undefined, reply: FastifyReply): Promise<unknown> {
  if (!wait) {
    reply.code(202);
    return { executionId: started.id };
  }
  const record = await started.finished;
  return context.rf.executions.get(record.id).catch(() => record);
}

/**
 * Manual runs: `POST /api/workflows/{id}/run` (a stored workflow's latest version, scope `run`)
 * and `POST /api/workflows/run` (unsaved YAML, scope `admin`: it can call any connector with
 * any params). Bad inputs are 400 before anything runs.
 */
export const runsRoutes: Routes = (app, context) => {
  const { rf } = context;
  const tags = ['runs'];
  const security = apiKeySecurity;
  const response = { 200: executionRecordSchema, 202: acceptedSchema, ...errorResponses };

  app.post<{ Params: { id: string }; Body: RunBody | undefined }>('/api/workflows/:id/run', {
    config: { scope: 'run' },
    preValidation: emptyBodyAsObject,
    schema: {
      tags, security, summary: "Run a stored workflow's latest version: 202 {executionId}, or with wait: true 200 and the record",
      params: pathParams('id', "the workflow's id (its name)"), body: runStoredBody, response,
    },
  }, async (request, reply) => {
    const body = request.body ?? {};
    context.assertAccepting();
    const started = context.track(await rf.workflows.start(request.params.id, {
      event: body.event, inputs: body.inputs, trigger: { type: 'manual', at: new Date().toISOString() }, parkLongWaits: body.wait !== true, queue: context.queue,
    }));
    return answerStarted(context, started, body.wait, reply);
  });

  app.post<{ Body: RunBody & { yaml: string } }>('/api/workflows/run', {
    config: { scope: 'admin' },
    schema: {
      tags, security, summary: 'Run unsaved workflow YAML once: 202 {executionId}, or with wait: true 200 and the record (400 with every problem located)',
      body: runUnsavedBody, response,
    },
  }, async (request, reply) => {
    const body = request.body;
    context.assertAccepting();
    const started = context.track(await rf.start(body.yaml, {
      event: body.event, inputs: body.inputs, trigger: { type: 'manual', at: new Date().toISOString() }, parkLongWaits: body.wait !== true, queue: context.queue,
    }));
    return answerStarted(context, started, body.wait, reply);
  });
};
