import { apiKeySecurity, errorResponses } from '../schemas/common-schemas';
import type { Routes } from './route-context';

const meSchema = {
  type: 'object',
  properties: {
    apiKey: {
      type: 'object',
      properties: { name: { type: 'string' }, scopes: { type: 'array', items: { type: 'string', enum: ['read', 'run', 'admin'] } } },
      required: ['name', 'scopes'],
    },
  },
  required: ['apiKey'],
} as const;

/**
 * `GET /api/me`: the name and scopes of the key the request carries (any valid key). A client
 * (the web console) shows only what those scopes allow; the API enforces them anyway.
 */
export const meRoutes: Routes = (app) => {
  app.get('/api/me', {
    config: { scope: 'any' },
    schema: {
      tags: ['keys'],
      summary: "The presented API key's name and scopes (any valid key; never the key itself)",
      security: apiKeySecurity,
      response: { 200: meSchema, ...errorResponses },
    },
  }, async (request) => ({ apiKey: { name: request.apiKeyName as string, scopes: [...(request.apiKeyScopes ?? [])] } }));
};
