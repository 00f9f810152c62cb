import { anyObject, apiKeySecurity, errorResponses } from '../schemas/common-schemas';
import type { Routes } from './route-context';

/** `GET /api/openapi.json`: the OpenAPI 3 document of every route, made from the route schemas. */
export const openapiRoutes: Routes = (app) => {
  app.get('/api/openapi.json', {
    config: { scope: 'read' },
    schema: {
      tags: ['openapi'],
      summary: 'This API as an OpenAPI 3 document',
      security: apiKeySecurity,
      response: { 200: anyObject, ...errorResponses },
    },
  }, async () => app.swagger());
};
