import { problemBody } from '../error-reply';
import { anyObject, apiKeySecurity, errorResponses, pathParams, problemSchema } from '../schemas/common-schemas';
import { storedWorkflowSchema, yamlBody } from '../schemas/workflow-schemas';
import type { Routes } from './route-context';

const FILE = 'workflow.yaml';

const validationSchema = {
  type: 'object',
  properties: {
    valid: { type: 'boolean', description: 'true when no problem is an error (warnings may remain)' },
    problems: {
      type: 'array',
      items: { ...problemSchema, properties: { ...problemSchema.properties, severity: { type: 'string', enum: ['error', 'warning'] } } },
    },
  },
  required: ['valid', 'problems'],
} as const;

/**
 * What editors of stored workflows need beside the contract's routes: `POST
 * /api/workflows/validate` (every problem of some YAML, located, storing and running nothing),
 * `GET /api/workflow_schema` (the JSON Schema `relayflow schema` prints) and `POST
 * /api/workflows/{id}/enable|disable` (`relayflow workflows enable|disable`).
 */
export const workflowToolsRoutes: Routes = (app, { rf }) => {
  const tags = ['workflows'];
  const security = apiKeySecurity;

  app.post<{ Body: { yaml: string } }>('/api/workflows/validate', {
    config: { scope: 'read' },
    schema: {
      tags, security, body: yamlBody, response: { 200: validationSchema, ...errorResponses },
      summary: 'Check workflow YAML as deploy would (connectors included) without storing or running it: 200 with every problem, located',
    },
  }, async (request) => {
    const problems = await rf.validate(request.body.yaml, FILE);
    return {
      valid: !problems.some((p) => p.severity !== 'warning'),
      problems: problems.map((p) => ({ ...problemBody(p), severity: p.severity ?? 'error' })),
    };
  });

  app.get('/api/workflow_schema', {
    config: { scope: 'read' },
    schema: {
      tags, security, response: { 200: anyObject, ...errorResponses },
      summary: "The JSON Schema (draft-07) of workflow YAML with every registered step type's with, as `relayflow schema` prints it",
    },
  }, async () => rf.workflowSchema());

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post<{ Params: { id: string } }>(`/api/workflows/:id/${action}`, {
      config: { scope: 'admin' },
      schema: {
        tags, security, params: pathParams('id', "the workflow's id (its name)"), response: { 200: storedWorkflowSchema, ...errorResponses },
        summary: enabled ? 'Enable a workflow: its triggers fire and runs are accepted' : 'Disable a workflow: its triggers stop and runs are refused (409)',
      },
    }, async (request) => {
      const { yaml: _yaml, ...stored } = await rf.workflows.setEnabled(request.params.id, enabled);
      return stored;
    });
  }
};
