import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ApiScope } from '../contracts/api-keys';
import { RelayflowError } from '../errors/relayflow-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The scope a key needs for this route (contract §9); `null` for a public route
     * (`GET /api/health`), `'any'` for a route every valid key may call (`GET /api/me`). Routes
     * without a scope are not found (404) before any key is asked for.
     */
    scope?: ApiScope | 'any' | null;
  }
  interface FastifyRequest {
    /** The authenticated key's name, for the logs. */
    apiKeyName?: string;
    /** The authenticated key's scopes. */
    apiKeyScopes?: readonly ApiScope[];
  }
}

/** Checks a presented key: its name and scopes, or undefined for a wrong or revoked one. */
export type Authenticate = (key: string) => Promise<{ name: string; scopes: readonly ApiScope[] } | undefined>;

const SCHEME = /^ApiKey[ \t]+(\S+)\s*$/i;

/**
 * Adds the authentication check: every route with a `scope` needs `Authorization: ApiKey <key>`;
 * no key or a wrong one is 401 `UNAUTHORIZED`, a key without the route's scope 403 `FORBIDDEN`.
 * Failed authentications are counted per client address (@fastify/rate-limit's store, so the
 * window and counting are the library's): past `max` in `windowMs`, they are 429 `RATE_LIMITED`
 * until the window ends. While an address is over the limit, a key is not even checked — every
 * request is 429 — unless that key authenticated within the last window: a guess can never tell
 * right from wrong, and a client that was already working keeps working.
 * @param app - with @fastify/rate-limit registered; routes declared after this call are checked
 */
export function addAuthentication(app: FastifyInstance, authenticate: Authenticate, limit: { max: number; windowMs: number }): void {
  const failures = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (req) => req.ip });

  // Addresses over the limit, until when; and keys that authenticated lately (as SHA-256), which
  // an address over the limit may still use. Any other key from such an address is refused
  // before it is checked, so the answer says nothing about whether a guess was right.
  const locked = new Map<string, number>();
  const trusted = new Map<string, number>();
  const digest = (key: string): string => hash('sha256', key, 'base64');
  const limited = (reply: FastifyReply, seconds: number): never => {
    reply.header('retry-after', String(Math.max(1, seconds)));
    throw new RelayflowError('RATE_LIMITED', `too many failed authentications from this address; try again in ${Math.max(1, seconds)} s`);
  };

  const refuse = async (request: FastifyRequest, reply: FastifyReply, why: string): Promise<never> => {
    const counted = await failures(request);
    if (!counted.isAllowed && counted.isExceeded) {
      locked.set(request.ip, Date.now() + counted.ttlInSeconds * 1000);
      return limited(reply, counted.ttlInSeconds);
    }
    reply.header('www-authenticate', 'ApiKey');
    throw new RelayflowError('UNAUTHORIZED', why);
  };

  const lockedFor = (ip: string, key: string): number => {
    const until = locked.get(ip);
    if (until === undefined) return 0;
    const now = Date.now();
    if (until <= now) {
      locked.delete(ip);
      return 0;
    }
    const trustedUntil = trusted.get(digest(key));
    return trustedUntil !== undefined && trustedUntil > now ? 0 : Math.ceil((until - now) / 1000);
  };

  const check = async (scope: ApiScope | 'any', request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) return refuse(request, reply, 'this route needs an API key: send the header "Authorization: ApiKey <key>" (create one with: relayflow apikeys create)');
    const match = SCHEME.exec(header);
    if (!match) return refuse(request, reply, 'the Authorization header must be "ApiKey <key>"');
    const wait = lockedFor(request.ip, match[1]);
    if (wait > 0) return limited(reply, wait);
    const key = await authenticate(match[1]);
    if (!key) return refuse(request, reply, 'the API key is wrong or was revoked');
    if (trusted.size >= 10_000) trusted.clear();
    trusted.set(digest(match[1]), Date.now() + limit.windowMs);
    request.apiKeyName = key.name;
    request.apiKeyScopes = key.scopes;
    if (scope !== 'any' && !key.scopes.includes(scope)) {
      throw new RelayflowError('FORBIDDEN', `the API key "${key.name}" lacks the "${scope}" scope this route needs (it has: ${key.scopes.join(', ') || 'none'})`);
    }
  };

  // The check is each scoped route's own first onRequest hook (after the app's), added as the
  // route is declared: public routes and unknown URLs do not run it at all.
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    if (!scope) return;
    const own: onRequestHookHandler = function (request, reply) { return check(scope, request, reply); };
    const given = route.onRequest;
    route.onRequest = given === undefined ? [own] : [own, ...(Array.isArray(given) ? given : [given])];
  });
}
