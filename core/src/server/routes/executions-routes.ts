import type { ExecutionStatus } from '../../contracts/execution-record';
import { acceptedSchema, executionRecordSchema, executionStatusSchema, executionSummarySchema } from '../schemas/execution-schemas';
import { anyJson, anyObject, apiKeySecurity, errorResponses, pathParams } from '../schemas/common-schemas';
import type { Routes } from './route-context';

/** Largest page of `GET /api/executions`. */
export const MAX_PAGE_SIZE = 100;

interface ListQuery { workflowId?: string; status?: ExecutionStatus; limit?: number; cursor?: string }

/**
 * Executions: `GET /api/executions` (newest first, filters, cursor paging), `GET
 * /api/executions/{id}` (the record with `workflowVersion` and `trigger`) and `POST
 * /api/executions/{id}/cancel` (202; the running step's signal fires, the record ends `cancelled`).
 */
export const executionsRoutes: Routes = (app, { rf }) => {
  const tags = ['executions'];
  const security = apiKeySecurity;
  const idParams = pathParams('id', "the execution's id");

  app.get<{ Querystring: ListQuery }>('/api/executions', {
    config: { scope: 'read' },
    schema: {
      tags, security, summary: 'Executions, newest first, a page at a time (no nextCursor on the last page)',
      querystring: {
        type: 'object',
        properties: {
          workflowId: { type: 'string', minLength: 1 },
          status: executionStatusSchema,
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 },
          cursor: { type: 'string', minLength: 1, description: 'nextCursor of the previous page' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: { items: { type: 'array', items: executionSummarySchema }, nextCursor: { type: 'string' } },
          required: ['items'],
        },
        ...errorResponses,
      },
    },
  }, async (request) => {
    const { workflowId, status, limit, cursor } = request.query;
    const page = await rf.executions.page({ workflowId, status, limit, cursor });
    return page.nextCursor ? { items: page.items, nextCursor: page.nextCursor } : { items: page.items };
  });

  app.get<{ Params: { id: string } }>('/api/executions/:id', {
    config: { scope: 'read' },
    schema: { tags, security, summary: 'An execution record, with workflowVersion and trigger', params: idParams, response: { 200: executionRecordSchema, ...errorResponses } },
  }, async (request) => rf.executions.get(request.params.id));

  app.get<{ Params: { id: string } }>('/api/executions/:id/input', {
    config: { scope: 'read' },
    schema: {
      tags, security, summary: 'What an execution started from: its workflow YAML, event and inputs (to run it again)', params: idParams,
      response: {
        200: { type: 'object', properties: { yaml: { type: 'string' }, event: anyJson, inputs: anyObject }, required: ['yaml', 'event', 'inputs'] },
        ...errorResponses,
      },
    },
  }, async (request) => rf.executions.input(request.params.id));

  app.post<{ Params: { id: string } }>('/api/executions/:id/cancel', {
    config: { scope: 'run' },
    schema: {
      tags, security, summary: 'Cancel a running execution: its running step\'s signal fires and the record ends cancelled',
      params: idParams, response: { 202: acceptedSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    await rf.executions.cancel(request.params.id);
    reply.code(202);
    return { executionId: request.params.id };
  });
};
