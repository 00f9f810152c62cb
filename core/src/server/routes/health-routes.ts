import { errorResponses } from '../schemas/common-schemas';
import type { Routes } from './route-context';

/** `GET /api/health`: `{"status": "ok"}`, no key needed (503 `SHUTTING_DOWN` once stopping). */
export const healthRoutes: Routes = (app) => {
  app.get('/api/health', {
    config: { scope: null },
    exposeHeadRoute: true,
    schema: {
      tags: ['health'],
      summary: 'Is the server up? No key needed',
      response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] }, ...errorResponses },
    },
  }, async () => ({ status: 'ok' }));
};
