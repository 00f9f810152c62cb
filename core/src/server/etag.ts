import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * Conditional GETs for the API: every 200 answer to a GET carries a weak ETag (a hash of the
 * body), and a GET whose `If-None-Match` names it is answered 304 with no body. A client that
 * polls (the web console's live lists) then moves a few bytes while nothing changed. Only GETs:
 * a POST's answer (a webhook's 202) is never hashed. Files served by the static routes keep the
 * ETag they come with.
 */
export function addEtags(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || reply.getHeader('etag') !== undefined) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    const asked = request.headers['if-none-match'];
    if (asked !== undefined && asked.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
