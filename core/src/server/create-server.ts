import type { ExecutionQueue } from '../contracts/execution-queue';
import { errorInfo } from '../errors/error-info';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Logger } from '../contracts/logger';
import type { TriggerContext } from '../contracts/trigger-source';
import type { StartedExecution } from '../contracts/workflow-library';
import { RelayflowError } from '../errors/relayflow-error';
import { addAuthentication, type Authenticate } from './auth';
import { handleError } from './error-reply';
import { ExecutionTracker } from './execution-tracker';
import { FastifyLogger } from './fastify-logger';
import type { RelayflowApi } from './relayflow-api';
import { connectorTypesRoutes } from './routes/connector-types-routes';
import { connectorsRoutes } from './routes/connectors-routes';
import { executionsRoutes } from './routes/executions-routes';
import { healthRoutes } from './routes/health-routes';
import { hooksRoutes } from './routes/hooks-routes';
import { openapiRoutes } from './routes/openapi-routes';
import type { RouteContext, Routes } from './routes/route-context';
import { runsRoutes } from './routes/runs-routes';
import { workflowsRoutes } from './routes/workflows-routes';
import { meRoutes } from './routes/me-routes';
import { workflowToolsRoutes } from './routes/workflow-tools-routes';
import { ServerContributions } from '../contracts/server-contribution';
import { addStaticAssets } from './static-assets';
import { addEtags } from './etag';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from './server-options';
import { jsonBodyParser } from './json-body';
import { cachedAuthenticate } from './key-cache';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

/** Time given to answers still being written when the grace ended (ms). */
const FINAL_ANSWER_MS = 1000;
/** How often a closing server closes connections that became idle (ms). */
const IDLE_SWEEP_MS = 100;

/** Every file of routes, in the order the OpenAPI document lists them. */
const ROUTES: readonly Routes[] = [
  healthRoutes, openapiRoutes, meRoutes, connectorTypesRoutes, connectorsRoutes, workflowsRoutes, workflowToolsRoutes, runsRoutes, hooksRoutes, executionsRoutes,
];

/** How to make a server: listening options (defaults: contract §9) and where it logs. */
export interface CreateServerOptions extends Partial<ServerOptions> {
  /** Default: the Relayflow's own Logger. */
  logger?: Logger;
  /** How keys are checked; default `rf.apiKeys.authenticate` (keys from relayflow.yaml and the store). */
  authenticate?: Authenticate;
  /**
   * Where executions go to run (workers on a PostgreSQL store; execution threads on the embedded
   * one): routes and trigger sources enqueue instead of running them on this thread, and the
   * server's shutdown has none of them to wait for (the queue's own lifecycle part waits).
   */
  queue?: ExecutionQueue;
}

/** A REST server over one Relayflow (contract §9). */
export interface RelayflowServer {
  /** The Fastify app (for `inject` in tests, or to add a host's own routes before `listen`). */
  readonly app: FastifyInstance;
  readonly options: ServerOptions;
  /** `http://HOST:PORT` once listening. */
  readonly url: string | undefined;
  /** What trigger sources start executions with: tracked, so shutdown waits for them. */
  readonly triggerContext: TriggerContext;
  /** Executions this server started that are still running. */
  readonly running: number;
  /**
   * Starts accepting requests.
   * @returns the URL, e.g. `http://127.0.0.1:5680`
   * @throws RelayflowError `BAD_ARGUMENT` when the address is in use or cannot be used
   */
  listen(): Promise<string>;
  /**
   * Graceful stop: new requests are answered 503 `SHUTTING_DOWN` (new connections refused),
   * executions started here may finish within `shutdownGraceMs` (the rest are left as they
   * are, for resume), then every connection is closed. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** A request id: the caller's `X-Request-Id` when it is a plain token, else a new UUID. */
function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * Builds the REST server of contract §9 over a started Relayflow (it does not listen yet; see
 * {@link RelayflowServer.listen}, or `serve` for the lifecycle-managed one `relayflow serve` runs).
 * Every route is a client of the facade; JSON schemas validate each request and serialize each
 * answer, and the same schemas make the OpenAPI document at `GET /api/openapi.json`.
 */
export async function createServer(rf: RelayflowApi, createOptions: CreateServerOptions = {}): Promise<RelayflowServer> {
  const { logger: givenLogger, authenticate: givenAuthenticate, queue, ...overrides } = createOptions;
  const options: ServerOptions = { ...DEFAULT_SERVER_OPTIONS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const logger = (givenLogger ?? rf.container.get<Logger>(Logger)).child({ component: 'rest-server' });
  const authenticate: Authenticate = cachedAuthenticate(givenAuthenticate ?? ((key) => rf.apiKeys.authenticate(key)));
  const tracker = new ExecutionTracker();
  const state = { closing: false, url: undefined as string | undefined, closed: undefined as Promise<void> | undefined };

  const fastifyLogger = new FastifyLogger(logger);
  const app = Fastify({
    loggerInstance: fastifyLogger as FastifyBaseLogger,
    // One line per request comes from the onResponse hook below (Fastify's own would log headers).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: options.bodyLimit,
    return503OnClosing: false,
    exposeHeadRoutes: false,
    forceCloseConnections: 'idle',
    // A slow client cannot hold the server: headers and the whole request each have a deadline
    // (checked every second); an answer (a run with wait: true) may take longer.
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    http: { headersTimeout: options.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    // Errors Fastify finds before routing (a URL that does not decode) get the same error body.
    frameworkErrors: (err, request, reply) => { handleError(err, request, reply); },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    reply.code(errorInfo('ROUTE_NOT_FOUND').httpStatus).send({ error: { code: 'ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}; GET /api/openapi.json lists them` } });
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, jsonBodyParser);

  // Both hooks take a callback rather than return a promise: they run on every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (state.closing) {
      reply.header('connection', 'close');
      done(new RelayflowError('SHUTTING_DOWN', 'the server is shutting down and takes no new requests'));
      return;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // The line's fields are made only when the line is written (the default level, warn, drops it).
    if (fastifyLogger.isLevelEnabled('info')) {
      request.log.info({
        method: request.method, url: request.url.split('?')[0], status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10, ...(request.apiKeyName ? { apiKey: request.apiKeyName } : {}),
      }, 'request');
    }
    done();
  });

  await app.register(rateLimit, { global: false });
  addAuthentication(app, authenticate, options.authRateLimit);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Relayflow REST API', version: VERSION, description: 'Every route but GET /api/health needs the header "Authorization: ApiKey <key>".' },
      components: { securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'ApiKey <key>' } } },
    },
  });

  const assertAccepting = (): void => {
    if (state.closing) throw new RelayflowError('SHUTTING_DOWN', 'the server is shutting down and starts no new executions');
  };
  // Queued executions run on workers (this process's own included, with its own stop): nothing to wait for here.
  const track = (started: StartedExecution): StartedExecution => (queue ? started : tracker.track(started));
  const context: RouteContext = { rf, track, assertAccepting, queue };
  addEtags(app);
  for (const routes of ROUTES) routes(app, context);
  // Files plugins contribute (the web console at /): public, outside /api, not in the OpenAPI document.
  const contributions = rf.container.isBound(ServerContributions) ? rf.container.get<ServerContributions>(ServerContributions).staticAssets() : [];
  await addStaticAssets(app, contributions);
  await app.ready();

  const triggerContext: TriggerContext = {
    logger,
    async start(workflowId, startOptions) {
      assertAccepting();
      return track(await rf.workflows.start(workflowId, { parkLongWaits: true, queue, ...startOptions }));
    },
    resume(executionId) {
      assertAccepting();
      const finished = rf.executions.resume(executionId, { parkLongWaits: true });
      tracker.track({ finished: finished.catch(() => undefined) });
      return finished;
    },
  };

  return {
    app,
    options,
    triggerContext,
    get url() { return state.url; },
    get running() { return tracker.size; },
    async listen() {
      try {
        await app.listen({ host: options.host, port: options.port });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'EADDRINUSE' ? 'the port is in use; choose another with --port (0 takes a free one)'
          : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'that address is not one of this machine\'s; choose another with --host'
            : code === 'EACCES' ? 'not allowed to listen there (ports below 1024 need privileges)' : (err as Error).message;
        throw new RelayflowError('BAD_ARGUMENT', `cannot listen on ${options.host}:${options.port}: ${why}`, { cause: err });
      }
      state.url = urlOf(app.server.address() as AddressInfo);
      logger.info('listening', { url: state.url });
      return state.url;
    },
    close() {
      state.closed ??= (async () => {
        state.closing = true;
        // Stop listening and drop idle keep-alive connections; requests in flight go on.
        const closing = app.close();
        // Connections that become idle meanwhile (an answer was sent) are closed as they do.
        const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
        if (tracker.size) logger.info('waiting for running executions', { running: tracker.size, graceMs: options.shutdownGraceMs });
        const deadline = Date.now() + options.shutdownGraceMs;
        const drained = await tracker.drain(options.shutdownGraceMs);
        if (!drained) logger.warn('shutdown grace ended with executions still running; they are left for resume', { running: tracker.size });
        // Answers still being written (a run with wait: true that just ended) get what is left of
        // the grace, at least a moment; then every connection is closed.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closing, new Promise((resolve) => { timer = setTimeout(resolve, Math.max(deadline - Date.now(), FINAL_ANSWER_MS)); })]);
        clearTimeout(timer);
        clearInterval(sweep);
        app.server.closeAllConnections();
        await closing;
      })();
      return state.closed;
    },
  };
}

/** `http://HOST:PORT` for a bound address (IPv6 in brackets). */
function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.family as unknown === 6 ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
