import { relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { RegisteredStaticAssets } from '../contracts/server-contribution';

/** For files whose names carry a hash of their content: they never change, so cache them for good. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** For every other file (index.html first): keep it, but ask again (with its ETag) each time. */
export const REVALIDATE = 'no-cache';

/**
 * What a browser is allowed to do with a served page: its own scripts only (no inline script, no
 * eval), styles from itself (CodeMirror adds style elements), requests to this server only, never
 * framed. An API key kept in the page is only as safe as the scripts that run there.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the static files plugins contributed (e.g. the web console at `/`): each file of each
 * folder becomes a GET route (listed once, at start; anything else stays a 404 with the API's
 * error body), without an API key and out of the OpenAPI document. Files under an `immutable`
 * sub-folder are cached for good, the rest revalidated; `.gz`/`.br` files beside a file are sent
 * instead when the browser accepts them. Every answer carries the page's security headers.
 */
export async function addStaticAssets(app: FastifyInstance, contributions: readonly RegisteredStaticAssets[]): Promise<void> {
  for (const { assets } of contributions) {
    const immutable = (assets.immutable ?? []).map((dir) => dir.replace(/\/+$/, '') + sep);
    await app.register(fastifyStatic, {
      root: assets.root,
      prefix: assets.prefix,
      wildcard: false,
      serveDotFiles: false,
      globIgnore: ['**/*.gz', '**/*.br'],
      preCompressed: true,
      decorateReply: false,
      cacheControl: false,
      index: ['index.html'],
      setHeaders(res, path) {
        const inRoot = relative(assets.root, path);
        res.setHeader('cache-control', immutable.some((dir) => inRoot.startsWith(dir)) ? IMMUTABLE : REVALIDATE);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
        res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      },
    });
  }
}
