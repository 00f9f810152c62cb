import { anyObject, apiKeySecurity, errorResponses, pathParams } from '../schemas/common-schemas';
import type { Routes } from './route-context';

const connectorTypeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    aliases: { type: 'array', items: { type: 'string' } },
    name: { type: 'string' },
    description: { type: 'string' },
    plugin: { type: 'string' },
    defaultAction: { type: 'string' },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, connector: { type: 'string', enum: ['required', 'optional', 'none'] }, description: { type: 'string' } },
      },
    },
    hasTest: { type: 'boolean' },
  },
} as const;

/** `GET /api/connector_types`: as `relayflow connectors types --json`. */
export const connectorTypesRoutes: Routes = (app, { rf }) => {
  app.get('/api/connector_types', {
    config: { scope: 'read' },
    schema: {
      tags: ['connectors'],
      summary: 'The registered connector types and their actions',
      security: apiKeySecurity,
      response: { 200: { type: 'array', items: connectorTypeSchema }, ...errorResponses },
    },
  }, async () => rf.connectorTypes());

  app.get<{ Params: { id: string } }>('/api/connector_types/:id', {
    config: { scope: 'read' },
    schema: {
      tags: ['connectors'],
      summary: "One connector type with the JSON Schemas of its config, its secrets and each action's params (for forms)",
      security: apiKeySecurity,
      params: pathParams('id', 'the type id (or an alias)'),
      response: {
        200: {
          type: 'object',
          properties: {
            ...connectorTypeSchema.properties,
            config: anyObject,
            secrets: anyObject,
            actions: { type: 'array', items: { type: 'object', properties: { ...connectorTypeSchema.properties.actions.items.properties, params: anyObject } } },
            definitions: anyObject,
          },
        },
        ...errorResponses,
      },
    },
  }, async (request) => rf.connectorTypeSchemas(request.params.id));
};
