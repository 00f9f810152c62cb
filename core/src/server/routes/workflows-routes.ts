import { apiKeySecurity, errorResponses, pathParams } from '../schemas/common-schemas';
import { storedWorkflowSchema, yamlBody } from '../schemas/workflow-schemas';
import type { Routes } from './route-context';

type IdParams = { id: string };
const idParams = pathParams('id', "the workflow's id (its name)");
const FILE = 'workflow.yaml';

/**
 * Stored workflows: `GET, POST /api/workflows`, `GET, PUT, DELETE /api/workflows/{id}`. A replace
 * stores the next version; running executions keep the version they started with.
 */
export const workflowsRoutes: Routes = (app, { rf }) => {
  const tags = ['workflows'];
  const security = apiKeySecurity;

  app.get('/api/workflows', {
    config: { scope: 'read' },
    schema: {
      tags, security, summary: 'Stored workflows',
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: storedWorkflowSchema } }, required: ['items'] }, ...errorResponses },
    },
  }, async () => ({ items: (await rf.workflows.list()).map(({ yaml: _yaml, ...w }) => w) }));

  app.post<{ Body: { yaml: string } }>('/api/workflows', {
    config: { scope: 'admin' },
    schema: {
      tags, security, summary: 'Store a new workflow (id = its name; 409 when the name is taken, 400 with every problem located)',
      body: yamlBody, response: { 201: storedWorkflowSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const { yaml: _yaml, ...created } = await rf.workflows.create(request.body.yaml, FILE);
    reply.code(201);
    return created;
  });

  app.get<{ Params: IdParams }>('/api/workflows/:id', {
    config: { scope: 'read' },
    schema: { tags, security, summary: 'A stored workflow with its YAML', params: idParams, response: { 200: storedWorkflowSchema, ...errorResponses } },
  }, async (request) => rf.workflows.get(request.params.id));

  app.put<{ Params: IdParams; Body: { yaml: string } }>('/api/workflows/:id', {
    config: { scope: 'admin' },
    schema: {
      tags, security, summary: 'Replace a workflow: stores its next version (running executions keep theirs)',
      params: idParams, body: yamlBody, response: { 200: storedWorkflowSchema, ...errorResponses },
    },
  }, async (request) => {
    const { yaml: _yaml, ...replaced } = await rf.workflows.replace(request.params.id, request.body.yaml, FILE);
    return replaced;
  });

  app.delete<{ Params: IdParams }>('/api/workflows/:id', {
    config: { scope: 'admin' },
    schema: { tags, security, summary: 'Delete a workflow', params: idParams, response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses } },
  }, async (request, reply) => {
    await rf.workflows.delete(request.params.id);
    return reply.code(204).send();
  });
};
