import { apiKeySecurity, errorResponses } from '../schemas/common-schemas';
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
};
